import { DrError, ExitCode } from '../contract/errors.js';
import { mapStrings, parseExpressions, substitute, type Reference } from './expressions.js';
import type { Inventory } from './inventory-schema.js';

/** Everything a reference can name while a run is going. */
export interface ResolveScope {
  params: Record<string, unknown>;
  paramTypes: Record<string, string>;
  inventory: Inventory | undefined;
  /** Returns a secret's value; the caller registers it for redaction. */
  secret: (name: string) => string | undefined;
  outputs: Record<string, Record<string, unknown> | undefined>;
  run: { id: string; mode: string; startedAt: string };
}

/** What to do with a reference whose value is not known (yet): fail, or keep its text (for plan). */
export type Missing = 'throw' | 'keep';

function unresolved(ref: Reference, why: string): DrError {
  return new DrError('reference.unresolved', `${ref.text}: ${why}`, {
    exitCode: ExitCode.invalidInput,
    hint: 'check the params given, the inventory, and the secrets in the environment or secrets file',
  });
}

function walk(value: unknown, segments: string[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function lookupEnvironment(scope: ResolveScope, env: string, rest: string[], missing: Missing) {
  const value = walk(scope.inventory?.environments[env], rest);
  if (typeof value === 'string') return resolveString(value, scope, missing);
  return value;
}

function lookup(ref: Reference, scope: ResolveScope, missing: Missing): unknown {
  const [first = '', ...rest] = ref.segments;
  switch (ref.root) {
    case 'params': {
      const value = scope.params[first];
      if (rest.length === 0 || typeof value !== 'string') return value;
      return lookupEnvironment(scope, value, rest, missing);
    }
    case 'inventory':
      return lookupEnvironment(scope, first, rest, missing);
    case 'secrets':
      return scope.secret(first);
    case 'steps':
      return scope.outputs[first]?.[rest[1] ?? ''];
    case 'run':
      return scope.run[first as keyof ResolveScope['run']];
  }
}

function resolveString(text: string, scope: ResolveScope, missing: Missing): unknown {
  if (!text.includes('${{')) return text;
  return substitute(text, (ref) => {
    const value = lookup(ref, scope, missing);
    if (value !== undefined) return value;
    if (missing === 'keep') return ref.root === 'secrets' ? '***' : ref.text;
    throw unresolved(
      ref,
      ref.root === 'steps' ? 'that step has no such output (yet)' : 'it has no value',
    );
  });
}

/** Replaces every reference inside a JSON-like value with its value. */
export function resolveValue(
  value: unknown,
  scope: ResolveScope,
  missing: Missing = 'throw',
): unknown {
  return mapStrings(value, (text) => resolveString(text, scope, missing));
}

/** Names of the secrets referenced anywhere in a value (so they can be checked before a run starts). */
export function secretNames(value: unknown): string[] {
  const names = new Set<string>();
  mapStrings(value, (text) => {
    for (const parsed of parseExpressions(text)) {
      if (parsed.ok && parsed.ref.root === 'secrets' && parsed.ref.segments[0]) {
        names.add(parsed.ref.segments[0]);
      }
    }
    return text;
  });
  return [...names];
}
