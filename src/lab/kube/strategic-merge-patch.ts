/**
 * Strategic merge patch, simplified: a JSON merge patch in which a list of objects that all carry
 * a `name` (containers, env, volumes, ports) merges element by element on that name instead of
 * being replaced. The real server takes merge keys from the Go types (`mountPath` for
 * volumeMounts, `containerPort` for ports); here `name` is the only key, and every other list is
 * replaced. The directives clients send are honoured: `$patch: delete|replace` and
 * `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` and `$retainKeys` are ignored.
 */
import { isNamedObject as isNamed, isObject, jsonEqual, type JsonObject } from './json.js';

type Named = JsonObject & { name: string };

/** `target` with `patch` merged in; neither argument is modified. */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return mergeList(undefined, patch);
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') return strategicMergePatch(undefined, withoutDirective(patch));
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((item) => !value.some((v) => jsonEqual(v, item)));
      }
    } else if (key.startsWith('$')) {
      continue; // $setElementOrder/…, $retainKeys, $patch: ordering and pruning hints
    } else if (value === null || (isObject(value) && value.$patch === 'delete')) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value);
    } else {
      result[key] = strategicMergePatch(result[key], value);
    }
  }
  return result;
}

function withoutDirective(patch: JsonObject): JsonObject {
  const rest = { ...patch };
  delete rest.$patch;
  return rest;
}

function mergeList(current: unknown, patch: unknown[]): unknown[] {
  const replace = patch.some((item) => isObject(item) && item.$patch === 'replace');
  const items = patch.filter((item) => !(isObject(item) && item.$patch === 'replace'));
  const mergeable =
    !replace &&
    items.length > 0 &&
    items.every(isNamed) &&
    (current === undefined || (Array.isArray(current) && current.every(isNamed)));
  if (!mergeable) return items.map((item) => strategicMergePatch(undefined, item));
  const result = [...(current ?? [])];
  for (const item of items as Named[]) {
    const at = result.findIndex((existing) => existing.name === item.name);
    if (item.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
    } else if (at >= 0) {
      result[at] = strategicMergePatch(result[at], item) as Named;
    } else {
      result.push(strategicMergePatch(undefined, item) as Named);
    }
  }
  return result;
}
