/**
 * JSON patch (RFC 6902): add, remove, replace, move, copy and test on JSON pointers (RFC 6901).
 * A malformed patch is a 400; one that cannot be applied (a failed `test`, a missing path) a 422,
 * as with the real server.
 */
import { cloneJson, isObject, jsonEqual, type JsonObject } from './json.js';
import { badRequest, unprocessable } from './status.js';

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const ops = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** The operations of a patch document, or a 400 if it is not one. */
export function parseJsonPatch(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw badRequest('json patch must be an array of operations');
  return patch.map((item, i) => {
    if (!isObject(item) || typeof item.op !== 'string' || !ops.has(item.op)) {
      throw badRequest(`json patch operation ${i}: unknown or missing "op"`);
    }
    if (typeof item.path !== 'string')
      throw badRequest(`json patch operation ${i}: missing "path"`);
    const needsFrom = item.op === 'move' || item.op === 'copy';
    if (needsFrom && typeof item.from !== 'string') {
      throw badRequest(`json patch operation ${i}: missing "from"`);
    }
    const needsValue = item.op === 'add' || item.op === 'replace' || item.op === 'test';
    if (needsValue && !Object.hasOwn(item, 'value')) {
      throw badRequest(`json patch operation ${i}: missing "value"`);
    }
    return item as unknown as Operation;
  });
}

/** `doc` with the patch applied; `doc` is not modified. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  let result = cloneJson(doc);
  for (const op of parseJsonPatch(patch)) result = applyOperation(result, op);
  return result;
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op.path, cloneJson(op.value));
    case 'remove':
      return remove(doc, op.path).doc;
    case 'replace':
      return add(remove(doc, op.path).doc, op.path, cloneJson(op.value));
    case 'move': {
      const taken = remove(doc, op.from ?? '');
      return add(taken.doc, op.path, taken.value);
    }
    case 'copy':
      return add(doc, op.path, cloneJson(valueAt(doc, op.from ?? '')));
    case 'test':
      if (!jsonEqual(valueAt(doc, op.path), op.value)) {
        throw unprocessable(`testing value ${op.path} failed: test failed`);
      }
      return doc;
  }
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`json pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(list: unknown[], token: string, forInsert: boolean, path: string): number {
  const max = forInsert ? list.length : list.length - 1;
  if (forInsert && token === '-') return list.length;
  const index = /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : NaN;
  if (!(index <= max)) throw unprocessable(`index out of range or not a number at ${path}`);
  return index;
}

/** The container that holds the last token of `path`, and that token. */
function parentOf(doc: unknown, path: string): { parent: JsonObject | unknown[]; key: string } {
  const parts = tokens(path);
  const key = parts.pop();
  if (key === undefined) throw unprocessable('the root has no parent');
  const parent = walk(doc, parts, path);
  if (!isObject(parent) && !Array.isArray(parent)) throw missing(path);
  return { parent, key };
}

function valueAt(doc: unknown, path: string): unknown {
  return walk(doc, tokens(path), path);
}

function walk(doc: unknown, parts: string[], path: string): unknown {
  let current = doc;
  for (const token of parts) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false, path)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else throw missing(path);
  }
  return current;
}

function missing(path: string) {
  return unprocessable(`doc is missing path: ${path}: missing value`);
}

function add(doc: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, path), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string): { doc: unknown; value: unknown } {
  if (path === '') return { doc: null, value: doc };
  const value = valueAt(doc, path);
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, path), 1);
  else delete parent[key];
  return { doc, value };
}
