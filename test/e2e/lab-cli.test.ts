import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readApps, REGIONS, type LabState } from '../../src/lab/index.js';
import { portOpen } from '../../src/lab/ports.js';
import { pidAlive } from '../../src/lab/processes.js';
import { sleep } from '../../src/contract/sleep.js';

const run = promisify(execFile);
const env = { ...process.env, NODE_NO_WARNINGS: '1' };

async function dr(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/dr.js', ...args], { env, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * The whole lab life cycle through the built `dr`, in its own folder (a disaster must not hit
 * the shared lab of the other tests): up (timed), a second up, traffic, disaster, down.
 */
describe.skipIf(inject('labDir') === undefined)('dr lab, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dr-lab-e2e-'));
  afterAll(async () => {
    await dr(['lab', 'down', '--dir', dir]);
    await rm(dir, { recursive: true, force: true });
  });

  it('comes up healthy within two minutes and a second up finds it', async () => {
    const t0 = Date.now();
    const up = await dr(['lab', 'up', '--dir', dir, '--json']);
    const seconds = (Date.now() - t0) / 1000;
    expect(up.code, up.stderr).toBe(0);
    expect(seconds).toBeLessThan(120);
    expect(up.stderr).toMatch(/moto_server .* up on 127\.0\.0\.1:\d+/);
    process.stderr.write(`e2e: dr lab up took ${seconds.toFixed(1)} s\n`);
    const status = await dr(['lab', 'status', '--dir', dir, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { healthy: boolean }).healthy).toBe(true);
    const again = await dr(['lab', 'up', '--dir', dir, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { alreadyUp: boolean }).alreadyUp).toBe(true);
  });

  it('traffic sees region-a serve orders, then errors after the disaster', async () => {
    const traffic = spawn(
      'node',
      ['bin/dr.js', 'lab', 'traffic', '--dir', dir, '--rate', '5/s', '--duration', '9s', '--json'],
      { env },
    );
    let stdout = '';
    traffic.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const done = new Promise<number>((resolve) =>
      traffic.on('close', (code) => resolve(code ?? 1)),
    );
    await sleep(3500);
    const disaster = await dr(['lab', 'disaster', 'region-a', '--dir', dir, '--json']);
    expect(disaster.code, disaster.stderr).toBe(0);
    const result = JSON.parse(disaster.stdout) as {
      at: string;
      killed: { what: string; pid: number }[];
      openPorts: number[];
    };
    expect(result.killed.map((k) => k.what)).toEqual(
      expect.arrayContaining(['postgres-region-a', 'daemon-region-a']),
    );
    for (const k of result.killed) expect(pidAlive(k.pid)).toBe(false);
    expect(result.openPorts).toEqual([]);
    expect(await done).toBe(0);
    const summary = JSON.parse(stdout) as {
      total: number;
      acknowledged: number;
      errors: number;
      byRegion: Record<string, number>;
      file: string;
    };
    expect(summary.byRegion['region-a']).toBeGreaterThan(5);
    expect(summary.errors).toBeGreaterThan(5);
    const orders = (await readFile(summary.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: string; ok: boolean });
    expect(orders.filter((o) => o.ok && o.t > result.at)).toEqual([]);
    // An order in flight at the instant of the kill may fail; none started a second before it.
    const before = new Date(Date.parse(result.at) - 1000).toISOString();
    expect(orders.filter((o) => !o.ok && o.t < before)).toEqual([]);
  });

  it('down leaves no process and no port behind', async () => {
    await dr(['lab', 'up', '--dir', dir]); // repairs region-a, so that down has everything to stop
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as LabState;
    const pids = state.services.flatMap((s) => (s.pid ? [s.pid] : []));
    const ports = state.services.flatMap((s) => Object.values(s.ports));
    for (const r of REGIONS) {
      for (const a of await readApps(dir, r)) {
        pids.push(a.pid);
        ports.push(a.port);
      }
    }
    expect(pids.length).toBeGreaterThanOrEqual(6);
    const down = await dr(['lab', 'down', '--dir', dir, '--json']);
    expect(down.code, down.stderr).toBe(0);
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid}`).toBe(false);
    for (const port of ports) expect(await portOpen(port, 500), `port ${port}`).toBe(false);
  });
});
