import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type { Issue } from './issues.js';
import { formatPath } from './issues.js';

/** Largest runbook or inventory accepted: real ones are a few kilobytes. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Alias expansions allowed before a document counts as a "billion laughs" attack. */
const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A parsed YAML file that remembers where every node came from. */
export interface Source {
  file: string;
  value: unknown;
  /** Line and column of the value at `path` (of its key with `at: 'key'`; of the nearest parent when absent). */
  locate(path: readonly PropertyKey[], at?: 'key' | 'value'): { line: number; col: number };
}

type Parsed = { source: Source; issues: [] } | { source: undefined; issues: Issue[] };

function at(file: string, line: number, col: number, message: string, hint?: string): Issue {
  return { file, line, col, path: '', message, ...(hint ? { hint } : {}) };
}

/** Parses YAML text into a located value; never throws for bad input, returns issues instead. */
export function parseSource(file: string, text: string): Parsed {
  if (Buffer.byteLength(text) > MAX_SOURCE_BYTES) {
    const hint = 'split the runbook, or check that you passed the right file';
    return { source: undefined, issues: [at(file, 1, 1, `file is larger than 1 MiB`, hint)] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const issues: Issue[] = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = pos(error.pos[0]);
    return at(file, line, col, `YAML: ${error.message.split('\n')[0] ?? error.code}`);
  });
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) {
        const { line, col } = pos(pair.key.range?.[0] ?? 0);
        issues.push(at(file, line, col, `key "${String(pair.key.value)}" is not allowed`));
      }
    },
  });
  if (issues.length > 0) return { source: undefined, issues };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const hint = 'aliases (*name) may expand at most 100 times; write the values out';
    return { source: undefined, issues: [at(file, 1, 1, (error as Error).message, hint)] };
  }
  const locate = (path: readonly PropertyKey[], at: 'key' | 'value' = 'value') =>
    pos(nodeOffset(doc.contents, path, at));
  return { source: { file, value, locate }, issues: [] };
}

/** Offset of the deepest node on `path` (the key, for a map entry), so errors point at it. */
function nodeOffset(root: unknown, path: readonly PropertyKey[], at: 'key' | 'value'): number {
  let node = root as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair || !isPair(pair)) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
      if (last && at === 'value') offset = node?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** A located issue for `path` in `source`. */
export function issueAt(
  source: Source,
  path: readonly PropertyKey[],
  message: string,
  hint?: string,
): Issue {
  const { line, col } = source.locate(path, 'value');
  return {
    file: source.file,
    line,
    col,
    path: formatPath(path),
    message,
    ...(hint ? { hint } : {}),
  };
}
