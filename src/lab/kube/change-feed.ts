/**
 * The stream of committed changes: delivered in commit order to every subscriber (even when a
 * subscriber writes while being told of a change), and kept for a while so a watch can resume
 * from a resourceVersion.
 */
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

/** A committed change, with the state it replaced (to tell when an object leaves a selector). */
export interface StoredChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: KubeObject;
  previous: KubeObject | undefined;
  revision: number;
}

export type ChangeListener = (change: StoredChange) => void;

const historyLimit = 1000;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly history: StoredChange[] = [];
  private readonly queue: StoredChange[] = [];
  private draining = false;
  /** Changes up to this revision are no longer kept. */
  private floor: number;

  constructor(startRevision: number) {
    this.floor = startRevision;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: StoredChange): void {
    this.history.push(change);
    if (this.history.length > historyLimit) this.floor = this.history.shift()?.revision ?? 0;
    this.queue.push(change);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) this.deliver(next);
    } finally {
      this.draining = false;
    }
  }

  /** Changes after `revision`, or undefined when some of them are no longer kept. */
  since(revision: number): StoredChange[] | undefined {
    if (revision < this.floor) return undefined;
    return this.history.filter((c) => c.revision > revision);
  }

  /** The oldest revision a watch can still resume from. */
  oldestRevision(): number {
    return this.floor;
  }

  private deliver(change: StoredChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        // The change is committed whatever a listener thinks of it; say so, do not undo the write.
        process.emitWarning(`lab kube: a change listener failed: ${String(error)}`);
      }
    }
  }
}
