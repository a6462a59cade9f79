import { hostname } from 'node:os';
import type { Lease, RunStore } from '../store/types.js';

/** Default lease lifetime; renewed every third of it while the run lives. */
export const LEASE_TTL_MS = 30_000;

function leaseFor(environment: string, runId: string, owner: string, ttlMs: number): Lease {
  const now = Date.now();
  return {
    environment,
    runId,
    owner,
    host: hostname(),
    pid: process.pid,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  };
}

/** Holds the locks of a run's environments: all or none, renewed on a timer, released at the end. */
export class LeaseHolder {
  private timer: NodeJS.Timeout | undefined;
  private held: string[] = [];

  constructor(
    private readonly store: RunStore,
    private readonly runId: string,
    private readonly owner: string,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  /** Takes every lock, or none (releasing what it took) and throws who holds the busy one. */
  acquire(environments: string[]): void {
    try {
      for (const environment of [...new Set(environments)].sort()) {
        this.store.acquireLease(leaseFor(environment, this.runId, this.owner, this.ttlMs));
        this.held.push(environment);
      }
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Renews on a timer; `onLost` hears when a lock was taken away. */
  keepAlive(onLost: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      try {
        for (const environment of this.held) {
          this.store.renewLease(leaseFor(environment, this.runId, this.owner, this.ttlMs));
        }
      } catch (error) {
        onLost(error);
      }
    }, this.ttlMs / 3);
    this.timer.unref();
  }

  release(): void {
    clearInterval(this.timer);
    for (const environment of this.held) this.store.releaseLease(environment, this.runId);
    this.held = [];
  }
}
