/**
 * Label selectors (equality, inequality, `in`, `notin`, exists, `!key`) and field selectors
 * (`metadata.name`, `metadata.namespace`) of list and watch requests.
 */
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

export type Matcher = (object: KubeObject) => boolean;

const everything: Matcher = () => true;

/** Splits on commas that are not inside parentheses. */
function requirements(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of expression) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

const setRequirement = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const valueRequirement = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/;
const existsRequirement = /^(!?)([\w./-]+)$/;

function labelRequirement(text: string): (labels: Record<string, string>) => boolean {
  const set = setRequirement.exec(text);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (labels) => key in labels && values.includes(labels[key] ?? '')
      : (labels) => !(key in labels) || !values.includes(labels[key] ?? '');
  }
  const value = valueRequirement.exec(text);
  if (value) {
    const [, key = '', op, wanted = ''] = value;
    return op === '!=' ? (labels) => labels[key] !== wanted : (labels) => labels[key] === wanted;
  }
  const exists = existsRequirement.exec(text);
  if (exists) {
    const [, not, key = ''] = exists;
    return not ? (labels) => !(key in labels) : (labels) => key in labels;
  }
  throw badRequest(`unable to parse requirement: ${text}`);
}

/** A matcher for a `labelSelector` query parameter (null or empty matches everything). */
export function labelSelector(expression: string | null): Matcher {
  if (!expression) return everything;
  const tests = requirements(expression).map(labelRequirement);
  return (object) => tests.every((test) => test(object.metadata.labels ?? {}));
}

const fields: Record<string, (object: KubeObject) => string | undefined> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};

/** A matcher for a `fieldSelector` query parameter; unknown fields are a 400, as on the real server. */
export function fieldSelector(expression: string | null): Matcher {
  if (!expression) return everything;
  const tests = requirements(expression).map((text) => {
    const parsed = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    if (!parsed) throw badRequest(`invalid selector: '${expression}'; can't understand '${text}'`);
    const [, field = '', op, wanted = ''] = parsed;
    const read = fields[field];
    if (read === undefined) throw badRequest(`field label not supported: ${field}`);
    return op === '!='
      ? (o: KubeObject) => (read(o) ?? '') !== wanted
      : (o: KubeObject) => (read(o) ?? '') === wanted;
  });
  return (object) => tests.every((test) => test(object));
}

/** Both selectors of a request's query. */
export function selectorsOf(query: URLSearchParams): Matcher {
  const byLabel = labelSelector(query.get('labelSelector'));
  const byField = fieldSelector(query.get('fieldSelector'));
  return (object) => byLabel(object) && byField(object);
}
