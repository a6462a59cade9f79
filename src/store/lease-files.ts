import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DrError, ExitCode } from '../contract/errors.js';
import { writeFileAtomic } from './journal-file.js';
import type { Lease } from './types.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a lease's holder is certainly gone: expired, or a dead process on this host. */
export function leaseIsStale(lease: Lease, now = Date.now()): boolean {
  if (Date.parse(lease.expiresAt) < now) return true;
  return lease.host === hostname() && !alive(lease.pid);
}

/** Who holds a lease, for messages: run, owner, host, pid, expiry. */
export function describeHolder(lease: Lease): string {
  const stale = leaseIsStale(lease) ? ' — the lease looks stale' : '';
  return `run ${lease.runId} by ${lease.owner} on ${lease.host} (pid ${lease.pid}), until ${lease.expiresAt}${stale}`;
}

/** Environment locks as one file per environment, created with O_EXCL so that one run wins. */
export class LeaseFiles {
  constructor(private readonly dir: string) {}

  private path(environment: string): string {
    return join(this.dir, `${environment}.lock.json`);
  }

  read(environment: string): Lease | undefined {
    const path = this.path(environment);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Lease;
    } catch {
      return undefined;
    }
  }

  /** Takes the lock, or throws who holds it. A run may take over its own lease when it is stale. */
  acquire(lease: Lease): Lease {
    try {
      writeFileSync(this.path(lease.environment), JSON.stringify(lease), {
        flag: 'wx',
        mode: 0o600,
      });
      return lease;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = this.read(lease.environment);
    if (
      holder &&
      holder.runId === lease.runId &&
      (leaseIsStale(holder) || holder.pid === process.pid)
    ) {
      writeFileAtomic(this.path(lease.environment), JSON.stringify(lease));
      return lease;
    }
    const hint =
      holder && leaseIsStale(holder)
        ? `if that run is really gone, break the lock: dr unlock ${lease.environment}`
        : `wait for it, or see it with: dr status ${holder?.runId ?? ''}`;
    throw new DrError(
      'lock.held',
      `${lease.environment} is locked by ${holder ? describeHolder(holder) : 'another run'}`,
      {
        exitCode: ExitCode.conflict,
        hint,
      },
    );
  }

  renew(lease: Lease): Lease {
    const holder = this.read(lease.environment);
    if (!holder || holder.runId !== lease.runId) {
      throw new DrError(
        'lock.lost',
        `the lock on ${lease.environment} was taken from run ${lease.runId}`,
        {
          exitCode: ExitCode.conflict,
        },
      );
    }
    writeFileAtomic(this.path(lease.environment), JSON.stringify(lease));
    return lease;
  }

  release(environment: string, runId: string): void {
    if (this.read(environment)?.runId === runId) unlinkSync(this.path(environment));
  }

  /** Removes a lock whoever holds it (`dr unlock`); returns what it removed. */
  break(environment: string): Lease | undefined {
    const holder = this.read(environment);
    if (existsSync(this.path(environment))) unlinkSync(this.path(environment));
    return holder;
  }
}
