/** JSON merge patch (RFC 7386): objects merge key by key, `null` deletes, anything else replaces. */
import { cloneJson, isObject, type JsonObject } from './json.js';

/** `target` with `patch` merged in; neither argument is modified. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
