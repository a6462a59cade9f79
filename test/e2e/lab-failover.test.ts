import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { portOpen } from '../../src/lab/ports.js';
import type { LabState } from '../../src/lab/index.js';
import { drBackground } from './dr-cli.js';

const run = promisify(execFile);

async function dr(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [join(process.cwd(), 'bin/dr.js'), ...args], {
      cwd,
      timeout: 300_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Waits (bounded) until the newest run waits at `gate`, then approves it as bob. */
async function approveWhenWaiting(cwd: string, gate: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const status = await dr(['status', '--json'], cwd);
    const steps =
      status.code === 0
        ? (JSON.parse(status.stdout) as { steps: { id: string; status: string }[] }).steps
        : [];
    if (steps.some((s) => s.id === gate && s.status === 'awaiting-approval')) {
      const approve = await dr(
        [
          'approve',
          (JSON.parse(status.stdout) as { meta: { id: string } }).meta.id,
          gate,
          '--as',
          'bob',
        ],
        cwd,
      );
      expect(approve.code, approve.stderr).toBe(0);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`gate ${gate} never waited`);
}

type Record = {
  type: string;
  step?: string;
  error?: { code: string };
  outputs?: { [k: string]: unknown };
};

/** `dr failover region-b` in a lab whose region-a was really killed: the end-to-end case. */
describe.skipIf(inject('labDir') === undefined)('dr failover in the lab', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dr-failover-e2e-'));
  afterAll(async () => {
    await dr(['lab', 'down', '--dir', dir], dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('fences (unreachable), restores region-b to latest, proves it writable, and prints the RPO', async () => {
    expect((await dr(['lab', 'up', '--dir', dir], dir)).code).toBe(0);
    // Heartbeats accumulate and reach the archive (archive_timeout is 5 s in the lab).
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const disaster = await dr(['lab', 'disaster', 'region-a', '--dir', dir, '--json'], dir);
    expect(disaster.code, disaster.stderr).toBe(0);
    const disasterAt = (JSON.parse(disaster.stdout) as { at: string }).at;

    const args = ['failover', 'region-b', '--yes', '--json', '--param', `disasterAt=${disasterAt}`];
    const failover = drBackground(args, { cwd: dir });
    await approveWhenWaiting(dir, 'approve-restore');
    expect(await failover.exited, failover.output().stderr).toBe(0);
    const [plan, ...records] = failover
      .output()
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record & { previews?: { text: string }[] });
    expect(plan?.previews?.[0]?.text).toMatch(
      /^recovery point available: \d\d:\d\d:\d\d UTC \(age \d+ s/,
    );
    expect(records.find((r) => r.type === 'gate.approved')).toMatchObject({
      step: 'approve-restore',
      by: 'bob',
    });
    const of = (type: string, step: string) =>
      records.find((r) => r.type === type && r.step === step);
    expect(of('step.failed', 'fence-old-primary')?.error?.code).toBe('postgres.unreachable');
    const restore = of('step.succeeded', 'restore-db')?.outputs ?? {};
    expect(restore.dataDirectory).toBe(join(dir, 'region-b/pgdata'));
    const rpo = of('step.succeeded', 'achieved-rpo')?.outputs ?? {};
    expect(Number(rpo.rows)).toBeGreaterThan(10);
    expect(Number(rpo.rpoSeconds)).toBeGreaterThanOrEqual(0);
    expect(Number(rpo.rpoSeconds)).toBeLessThan(30);
    expect(records.at(-1)?.type).toBe('run.succeeded');

    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as LabState;
    const password = /PG_PASSWORD=(.*)/.exec(await readFile(join(dir, 'secrets.env'), 'utf8'))?.[1];
    const client = new pg.Client({
      host: '127.0.0.1',
      port: state.regions['region-b'].pgPort,
      database: 'odoo',
      user: 'odoo',
      password,
    });
    await client.connect();
    try {
      await client.query('CREATE TABLE failover_proof (id int)');
      const attachments = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM ir_attachment',
      );
      expect(Number(attachments.rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    const status = await dr(['status'], dir);
    expect(status.stdout).toMatch(/tier database: done at \S+ \(RTO 5m00s\)/);

    expect((await dr(['lab', 'down', '--dir', dir], dir)).code).toBe(0);
    expect(await portOpen(state.regions['region-b'].pgPort, 500)).toBe(false);
  }, 240_000);
});
