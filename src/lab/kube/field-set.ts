/**
 * The set of fields an applier set, in the real server's `FieldsV1` shape (`f:<field>`, and
 * `k:{"name":…}` for elements of lists merged by name). Server-side apply keeps one set per field
 * manager, so that a field dropped from the next apply is removed from the object.
 */
import { isNamedObject, isObject } from './json.js';

export interface FieldSet {
  [key: string]: FieldSet;
}

/** The fields `value` sets; lists of named objects are keyed by name when `keyedLists`. */
export function fieldSetOf(value: unknown, keyedLists: boolean): FieldSet {
  const set: FieldSet = {};
  if (!isObject(value)) return set;
  for (const [field, child] of Object.entries(value)) {
    set[`f:${field}`] = childSet(child, keyedLists);
  }
  return set;
}

function childSet(value: unknown, keyedLists: boolean): FieldSet {
  if (isObject(value)) return fieldSetOf(value, keyedLists);
  if (!keyedLists || !Array.isArray(value) || value.length === 0) return {};
  if (!value.every(isNamedObject)) return {};
  const set: FieldSet = {};
  for (const item of value) {
    set[`k:${JSON.stringify({ name: item.name })}`] = { '.': {}, ...fieldSetOf(item, true) };
  }
  return set;
}

/** Removes from `object`, in place, the fields `before` holds and `after` does not. */
export function pruneFields(object: unknown, before: FieldSet, after: FieldSet): void {
  for (const [key, child] of Object.entries(before)) {
    const kept = after[key];
    if (key.startsWith('f:') && isObject(object)) {
      const field = key.slice(2);
      if (kept === undefined) delete object[field];
      else pruneFields(object[field], child, kept);
    } else if (key.startsWith('k:') && Array.isArray(object)) {
      const { name } = JSON.parse(key.slice(2)) as { name: string };
      const at = object.findIndex((item) => isNamedObject(item) && item.name === name);
      if (at < 0) continue;
      if (kept === undefined) object.splice(at, 1);
      else pruneFields(object[at], child, kept);
    }
  }
}
