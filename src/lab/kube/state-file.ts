/**
 * Persistence of the stored objects in one JSON file: read once at start, rewritten after
 * changes (coalesced, so a burst of writes is one file write) by writing a temporary file,
 * syncing it and renaming it over the old one, so a crash leaves the old or the new state.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DrError } from '../../contract/errors.js';
import type { KubeObject } from './types.js';

/** What the file holds. */
export interface SavedState {
  version: 1;
  resourceVersion: number;
  objects: KubeObject[];
}

/** The saved state, or undefined when there is no file yet. */
export function loadState(file: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<SavedState>;
  if (
    state.version !== 1 ||
    typeof state.resourceVersion !== 'number' ||
    !Array.isArray(state.objects)
  ) {
    throw new DrError('lab.kube-state', `${file} is not a lab Kubernetes state file`, {
      hint: 'Remove it to start the lab Kubernetes API empty.',
    });
  }
  return state as SavedState;
}

/** Writes the state file after changes, one write at a time. */
export class StateWriter {
  private pending: Promise<void> | undefined;
  private dirty = false;
  private failure: Error | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SavedState,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** Schedules a write of the current state. */
  changed(): void {
    this.dirty = true;
    this.pending ??= this.writeWhileDirty();
  }

  /** Resolves once every change so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.dirty) {
        this.dirty = false;
        await this.write(JSON.stringify(this.snapshot()));
      }
      this.failure = undefined;
    } catch (error) {
      // Kept for flush() (the lab's close) to report; the API keeps serving from memory.
      this.failure = error instanceof Error ? error : new Error(String(error));
      process.emitWarning(`lab kube: cannot write ${this.file}: ${String(error)}`);
    } finally {
      this.pending = undefined;
    }
  }

  private async write(text: string): Promise<void> {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
  }
}
