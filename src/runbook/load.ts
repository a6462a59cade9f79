import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { DrError, ExitCode } from '../contract/errors.js';
import type { StepRegistry } from '../contract/registry.js';
import type { Inventory } from './inventory-schema.js';
import { validateInventory } from './inventory.js';
import { InvalidDocumentError, type Issue } from './issues.js';
import type { Runbook } from './schema.js';
import { MAX_SOURCE_BYTES, parseSource, type Source } from './source.js';
import { validateRunbook } from './validate.js';

/** A document read from disk: its text hash lets a resume notice that it changed. */
export interface Loaded<T> {
  file: string;
  value: T;
  source: Source;
  sha256: string;
}

/** Reads a runbook or inventory (not past the size limit); `display` is its path for messages. */
export async function readSource(file: string): Promise<{ text: string; display: string }> {
  const display = relative(process.cwd(), file) || file;
  try {
    const info = await stat(file);
    if (info.size > MAX_SOURCE_BYTES) return { text: 'x'.repeat(MAX_SOURCE_BYTES + 1), display };
    return { text: await readFile(file, 'utf8'), display };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DrError(
      'file.unreadable',
      `cannot read ${display}: ${code ?? (error as Error).message}`,
      {
        exitCode: ExitCode.invalidInput,
        hint: 'check the path (it is relative to the current directory)',
        cause: error,
      },
    );
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads and validates an inventory; throws InvalidDocumentError listing every issue. */
export async function loadInventory(file: string): Promise<Loaded<Inventory>> {
  const { text, display } = await readSource(file);
  const parsed = parseSource(display, text);
  if (!parsed.source) throw new InvalidDocumentError(parsed.issues);
  const absolute = { ...parsed.source, file };
  const { inventory, issues } = validateInventory(absolute);
  if (!inventory) throw new InvalidDocumentError(issues.map((i) => ({ ...i, file: display })));
  return { file, value: inventory, source: parsed.source, sha256: sha256(text) };
}

/** Parses and validates runbook text; returns the runbook or every issue. */
export function checkRunbookText(
  display: string,
  text: string,
  options: { registry: StepRegistry; inventory?: Inventory | undefined },
): { runbook: Runbook | undefined; source: Source | undefined; issues: Issue[] } {
  const parsed = parseSource(display, text);
  if (!parsed.source) return { runbook: undefined, source: undefined, issues: parsed.issues };
  return { ...validateRunbook(parsed.source, options), source: parsed.source };
}

/** Reads and validates a runbook; throws InvalidDocumentError listing every issue. */
export async function loadRunbook(
  file: string,
  options: { registry: StepRegistry; inventory?: Inventory | undefined },
): Promise<Loaded<Runbook>> {
  const { text, display } = await readSource(file);
  const { runbook, source, issues } = checkRunbookText(display, text, options);
  if (!runbook || !source) throw new InvalidDocumentError(issues);
  return { file, value: runbook, source, sha256: sha256(text) };
}
