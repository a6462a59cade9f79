import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeaseFiles, leaseIsStale } from '../../../src/store/lease-files.js';
import type { Lease } from '../../../src/store/types.js';

const lease = (runId: string, o: Partial<Lease> = {}): Lease => ({
  environment: 'region-b',
  runId,
  owner: 'alice',
  host: hostname(),
  pid: process.pid,
  acquiredAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 30_000).toISOString(),
  ...o,
});

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'dr-leases-'));
  return { dir, leases: new LeaseFiles(dir) };
}

describe('environment leases', () => {
  it('gives the lock to one run and names the holder to the next', () => {
    const { leases } = files();
    leases.acquire(lease('run-1'));
    expect(() => leases.acquire(lease('run-2', { owner: 'bob' }))).toThrow(
      /region-b is locked by run run-1 by alice on .* \(pid \d+\)/,
    );
    leases.release('region-b', 'run-2'); // not the holder: nothing happens
    expect(leases.read('region-b')?.runId).toBe('run-1');
    leases.release('region-b', 'run-1');
    expect(leases.read('region-b')).toBeUndefined();
  });

  it('calls a lease stale when it expired or its process on this host is gone', () => {
    expect(leaseIsStale(lease('a'))).toBe(false);
    expect(
      leaseIsStale(lease('a', { expiresAt: new Date(Date.now() - 1_000).toISOString() })),
    ).toBe(true);
    expect(leaseIsStale(lease('a', { pid: 2 ** 22 + 12_345 }))).toBe(true);
    expect(leaseIsStale(lease('a', { host: 'elsewhere', pid: 2 ** 22 + 12_345 }))).toBe(false);
  });

  it("lets a resumed run take over its own stale lease, never another run's", () => {
    const { dir, leases } = files();
    const dead = lease('run-1', { pid: 2 ** 22 + 12_345 });
    writeFileSync(join(dir, 'region-b.lock.json'), JSON.stringify(dead));
    expect(() => leases.acquire(lease('run-2'))).toThrow(/looks stale/);
    expect(leases.acquire(lease('run-1')).pid).toBe(process.pid);
  });

  it('refuses to renew a lease that was broken, and break says what it removed', () => {
    const { leases } = files();
    const held = leases.acquire(lease('run-1'));
    expect(leases.break('region-b')?.runId).toBe('run-1');
    expect(() => leases.renew(held)).toThrow(/was taken from run run-1/);
  });
});
