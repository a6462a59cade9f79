import type { z } from 'zod';
import type { Issue } from './issues.js';
import { issueAt, type Source } from './source.js';
import { didYouMean } from './suggest.js';

/** Converts zod issues to located runbook issues; `base` prefixes paths (e.g. a step's `with`). */
export function zodIssues(
  source: Source,
  error: z.ZodError,
  options: {
    base?: PropertyKey[];
    knownKeys?: Iterable<string>;
    skip?: (path: PropertyKey[]) => boolean;
  } = {},
): Issue[] {
  const base = options.base ?? [];
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = [...base, ...issue.path];
    if (options.skip?.(path)) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const { line, col } = source.locate([...path, key], 'key');
        const hint = options.knownKeys ? didYouMean(key, options.knownKeys) : undefined;
        out.push({
          ...issueAt(source, [...path, key], `unknown key "${key}"`, hint),
          line,
          col,
        });
      }
      continue;
    }
    out.push(issueAt(source, path, issue.message));
  }
  return out;
}

/** Every object key a zod schema (recursively) accepts, for "did you mean" hints. */
export function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.shape && typeof def.shape === 'object') {
      for (const [key, child] of Object.entries(def.shape)) {
        keys.add(key);
        visit(child);
      }
    }
    for (const field of ['innerType', 'element', 'valueType', 'in', 'out']) visit(def[field]);
    if (Array.isArray(def.options)) def.options.forEach(visit);
  };
  visit(schema);
  return keys;
}
