import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pitrRestore } from '../../adapters/postgres/steps/pitr-restore.js';
import { heartbeatRead } from '../../adapters/postgres/steps/heartbeat-read.js';
import { startHeartbeat, type HeartbeatSummary } from '../../src/drill/heartbeat.js';
import { stopCluster } from '../../src/lab/postgres/index.js';
import {
  freePort,
  fullBackup,
  sql,
  startPrimary,
  switchAndArchive,
  type PgPrimary,
} from '../support/pg-primary.js';
import { ensureBuilt, pgbackrestRestoring, spawnStepProcess } from '../support/pg-step-process.js';
import { contextFor, runStep } from '../support/step-context.js';

let primary: PgPrimary;
/** Server times: before the backup, between batch 1 and batch 2. */
let beforeBackup: string;
let between: string;
const restored: string[] = [];
/** The outputs of the uninterrupted restore to `between`. */
let atBetween: Record<string, unknown> | undefined;
/** What the drill heartbeat committed on the primary. */
let beats: HeartbeatSummary;

const iso = async (p: PgPrimary) =>
  (
    await sql<{ t: string }>(
      p.connection,
      `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') AS t`,
    )
  )[0]!.t;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ensureBuilt();
  primary = await startPrimary();
  await sql(primary.connection, 'CREATE TABLE orders (id serial PRIMARY KEY, batch int NOT NULL)');
  beforeBackup = await iso(primary);
  await pause(1100); // backup stop times have one-second precision
  await fullBackup(primary);
  const heartbeat = await startHeartbeat({ connection: primary.connection, intervalMs: 100 });
  await sql(primary.connection, 'INSERT INTO orders (batch) SELECT 1 FROM generate_series(1, 100)');
  await pause(200);
  between = await iso(primary);
  await pause(200);
  await sql(primary.connection, 'INSERT INTO orders (batch) SELECT 2 FROM generate_series(1, 50)');
  await pause(300);
  beats = await heartbeat.stop();
  await switchAndArchive(primary.connection);
});

afterAll(async () => {
  for (const dataDir of restored)
    await stopCluster({ dataDir, socketDir: '', port: 0, logFile: '' }, 'immediate').catch(
      () => undefined,
    );
  await primary?.dispose();
});

/** The connection part of a restore's input: what the read-only steps take. */
function connectionOf(input: { host: string; port: number; user: string; password: string }) {
  return { host: input.host, port: input.port, user: input.user, password: input.password };
}

async function restoreInput(
  name: string,
  extra: { target?: string; drillPort?: number; archiveCommand?: string },
) {
  const dataDirectory = join(primary.root, name);
  restored.push(dataDirectory, `${dataDirectory}.drill`);
  return {
    host: '127.0.0.1',
    port: await freePort(),
    user: 'postgres',
    password: primary.password,
    dataDirectory,
    stanza: primary.stanza,
    pgbackrestConfig: primary.config,
    ...extra,
  };
}

const batches = async (port: number) =>
  sql<{ batch: number; n: string }>(
    { ...primary.connection, port },
    'SELECT batch, count(*)::text AS n FROM orders GROUP BY batch ORDER BY batch',
  );

describe('postgres.pitr-restore', () => {
  test('a time between two batches restores exactly the first', async () => {
    // A failover restore's new primary archives through archiveCommand, not the old primary's.
    const input = await restoreInput('at-time', { target: between, archiveCommand: 'true' });
    const { outputs } = await runStep(pitrRestore, input);
    const [archive] = await sql<{ archive_command: string }>(
      { ...primary.connection, port: input.port },
      'SHOW archive_command',
    );
    expect(archive?.archive_command).toBe('true');
    atBetween = outputs;
    expect(await batches(input.port)).toEqual([{ batch: 1, n: '100' }]);
    expect(Date.parse(outputs.recoveryPoint)).toBeLessThanOrEqual(Date.parse(between));
    expect(outputs.timeline).toBe(2);
    const read = await runStep(heartbeatRead, connectionOf(input));
    expect(Date.parse(read.outputs.newestHeartbeat!)).toBeLessThanOrEqual(Date.parse(between));
    expect(read.outputs.rows).toBeGreaterThan(0);
    expect(read.outputs.rows).toBeLessThan(beats.rows);
    // A re-run converges: check finds the promoted cluster and returns the recorded outputs.
    const again = await runStep(pitrRestore, input);
    expect(again.checked?.state).toBe('done');
    expect(again.outputs).toEqual(outputs);
  });

  test('latest restores everything archived, in a drill beside the data directory', async () => {
    const input = await restoreInput('latest', { drillPort: await freePort() });
    const { outputs } = await runStep(pitrRestore, input, { mode: 'drill' });
    expect(outputs.dataDirectory).toBe(`${input.dataDirectory}.drill`);
    expect(await batches(input.drillPort!)).toEqual([
      { batch: 1, n: '100' },
      { batch: 2, n: '50' },
    ]);
    const [mode] = await sql<{ archive_mode: string }>(
      { ...primary.connection, port: input.drillPort! },
      'SHOW archive_mode',
    );
    expect(mode?.archive_mode).toBe('off');
    // Every heartbeat was archived, so the newest one survived: RPO is the time since it.
    const disasterAt = new Date(beats.last!.getTime() + 1500).toISOString();
    const read = await runStep(heartbeatRead, {
      ...connectionOf(input),
      port: input.drillPort,
      disasterAt,
    });
    expect(read.outputs.rows).toBe(beats.rows);
    expect(read.outputs.newestHeartbeat).toBe(beats.last!.toISOString());
    expect(read.outputs.rpoSeconds).toBeCloseTo(1.5, 3);
  });

  test.each([
    ['before the oldest backup', () => beforeBackup, 'postgres.target-too-early'],
    [
      'after the last archived WAL',
      () => new Date(Date.now() + 3_600_000).toISOString(),
      'postgres.target-too-late',
    ],
  ])('a target %s is refused before anything is touched', async (_, target, code) => {
    const input = await restoreInput(`refused-${code}`, { target: target() });
    await mkdir(input.dataDirectory);
    await writeFile(join(input.dataDirectory, 'PG_VERSION'), 'untouched');
    const ctx = contextFor(pitrRestore, input);
    await expect(pitrRestore.apply(ctx)).rejects.toMatchObject({ code, retryable: false });
    expect(await readdir(input.dataDirectory)).toEqual(['PG_VERSION']);
    expect(await readFile(join(input.dataDirectory, 'PG_VERSION'), 'utf8')).toBe('untouched');
  });
});

test('killed mid-restore, check → apply again converges to the same result', async () => {
  const input = await restoreInput('killed', { target: between, archiveCommand: 'true' });
  const child = await spawnStepProcess({ dir: primary.root, step: 'postgres.pitr-restore', input });
  const exited = new Promise((r) => child.once('exit', r));
  let writing = false;
  for (let i = 0; i < 1500 && !writing; i++) {
    await pause(10);
    const files = await readdir(join(input.dataDirectory, 'base')).catch(() => []);
    writing = files.length > 0 && (await pgbackrestRestoring(input.dataDirectory)).length > 0;
  }
  expect(writing).toBe(true);
  child.kill('SIGKILL');
  await exited;
  const ctx = contextFor(pitrRestore, input);
  expect(await pitrRestore.check!(ctx)).toMatchObject({ state: 'needed' });
  const outputs = await pitrRestore.apply(ctx);
  await pitrRestore.verify!({ ...ctx, outputs });
  expect(ctx.lines.find((l) => l.message === 'pgbackrest restore')?.data?.delta).toBe(true);
  expect(await batches(input.port)).toEqual([{ batch: 1, n: '100' }]);
  if (atBetween !== undefined) expect(outputs.recoveryPoint).toBe(atBetween.recoveryPoint);
  expect(await pgbackrestRestoring(input.dataDirectory)).toEqual([]);
});

test('an abort stops pgbackrest at once and fails the attempt retryably', async () => {
  const input = await restoreInput('aborted', {});
  const abort = new AbortController();
  const ctx = contextFor(pitrRestore, input, { signal: abort.signal });
  const applied = pitrRestore.apply(ctx);
  const settled = applied.catch((error: unknown) => error);
  let started = false;
  for (let i = 0; i < 1500 && !started; i++) {
    await pause(10);
    started = (await pgbackrestRestoring(input.dataDirectory)).length > 0;
  }
  expect(started).toBe(true);
  abort.abort(new Error('test abort'));
  expect(await settled).toMatchObject({ code: 'postgres.command-aborted', retryable: true });
  expect(await pgbackrestRestoring(input.dataDirectory)).toEqual([]);
  expect(JSON.stringify(ctx.lines)).not.toContain(primary.password);
});
