/**
 * `${{ … }}` is a reference language, not code: the inside of the braces is one dotted path
 * (`params.target`, `steps.restore-db.outputs.recoveryPoint`). Nothing is ever evaluated.
 */

export const referenceRoots = ['params', 'inventory', 'secrets', 'steps', 'run'] as const;
export type ReferenceRoot = (typeof referenceRoots)[number];

/** A parsed `${{ root.a.b }}` reference. */
export interface Reference {
  root: ReferenceRoot;
  segments: string[];
  /** The whole `${{ … }}` text, as written. */
  text: string;
}

export type ParsedExpression =
  { ok: true; ref: Reference } | { ok: false; message: string; hint: string; text: string };

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;
const MAX_EXPRESSION = 200;

function parseInner(inner: string, text: string): ParsedExpression {
  const path = inner.trim();
  if (path.length > MAX_EXPRESSION || !PATH.test(path)) {
    return {
      ok: false,
      text,
      message: `"${text.slice(0, 60)}" is not a reference`,
      hint: '${{ }} holds one dotted path such as params.target or steps.<id>.outputs.<name>: no calls, operators or code',
    };
  }
  const [root, ...segments] = path.split('.');
  if (!(referenceRoots as readonly string[]).includes(root ?? '')) {
    return {
      ok: false,
      text,
      message: `unknown reference root "${root}"`,
      hint: `a reference starts with one of: ${referenceRoots.join(', ')}`,
    };
  }
  return { ok: true, ref: { root: root as ReferenceRoot, segments, text } };
}

/** Every `${{ … }}` in a string, parsed; an unclosed `${{` is reported too. */
export function parseExpressions(value: string): ParsedExpression[] {
  const found: ParsedExpression[] = [];
  for (const match of value.matchAll(EXPRESSION)) found.push(parseInner(match[1] ?? '', match[0]));
  const rest = value.replace(EXPRESSION, '');
  if (rest.includes('${{')) {
    found.push({ ok: false, text: '${{', message: 'unclosed "${{"', hint: 'close it with "}}"' });
  }
  return found;
}

/** Whether the whole string is exactly one reference (then it resolves to the raw value). */
export function wholeReference(value: string): boolean {
  const trimmed = value.trim();
  return /^\$\{\{[^}]*\}\}$/.test(trimmed);
}

/** Replaces each reference in `value` by `lookup(ref)`. A whole-string reference keeps its type. */
export function substitute(value: string, lookup: (ref: Reference) => unknown): unknown {
  if (wholeReference(value)) {
    const [parsed] = parseExpressions(value);
    if (parsed?.ok) return lookup(parsed.ref);
  }
  return value.replace(EXPRESSION, (text, inner: string) => {
    const parsed = parseInner(inner, text);
    if (!parsed.ok) return text;
    const resolved = lookup(parsed.ref);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    return JSON.stringify(resolved) ?? 'undefined';
  });
}

/** Calls `visit` for every string inside a JSON-like value, with its path. */
export function walkStrings(
  value: unknown,
  path: PropertyKey[],
  visit: (text: string, path: PropertyKey[]) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, i], visit));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}

/** Maps every string inside a JSON-like value; keeps the shape. */
export function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}
