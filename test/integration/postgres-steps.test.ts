import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { latestRestorablePoint } from '../../adapters/postgres/index.js';
import { fence } from '../../adapters/postgres/steps/fence.js';
import { latestRestorablePointStep } from '../../adapters/postgres/steps/latest-restorable-point.js';
import { promote } from '../../adapters/postgres/steps/promote.js';
import { queryCheck } from '../../adapters/postgres/steps/query-check.js';
import { startHeartbeat } from '../../src/drill/heartbeat.js';
import { stopCluster, type PgCluster } from '../../src/lab/postgres/index.js';
import {
  freePort,
  fullBackup,
  sql,
  startPrimary,
  switchAndArchive,
  type PgPrimary,
} from '../support/pg-primary.js';
import { startStandby } from '../support/pg-standby.js';
import { contextFor, runStep } from '../support/step-context.js';

let primary: PgPrimary;
let standby: PgCluster | undefined;
let conn: { host: string; port: number; user: string; password: string };

beforeAll(async () => {
  primary = await startPrimary();
  conn = {
    host: '127.0.0.1',
    port: primary.cluster.port,
    user: 'postgres',
    password: primary.password,
  };
  await sql(primary.connection, 'CREATE TABLE items (id int PRIMARY KEY, qty int)');
  await sql(primary.connection, 'INSERT INTO items SELECT g, g * 10 FROM generate_series(1, 5) g');
  await fullBackup(primary);
});

afterAll(async () => {
  if (standby !== undefined) await stopCluster(standby, 'immediate').catch(() => undefined);
  await primary?.dispose();
});

describe('postgres.query-check', () => {
  test('passes on the expected value and fails retryably otherwise', async () => {
    const ok = await runStep(queryCheck, {
      ...conn,
      sql: 'SELECT sum(qty) FROM items',
      expect: { min: 150, max: 150 },
    });
    expect(ok.outputs).toEqual({ value: '150', rows: 1 });
    const rows = await runStep(queryCheck, {
      ...conn,
      sql: 'SELECT id FROM items',
      expect: { rows: 5, value: 1 },
    });
    expect(rows.outputs.rows).toBe(5);
    const wrong = queryCheck.apply(
      contextFor(queryCheck, { ...conn, sql: 'SELECT count(*) FROM items', expect: { value: 6 } }),
    );
    await expect(wrong).rejects.toMatchObject({ code: 'postgres.check-failed', retryable: true });
  });

  test('refuses to write: the query runs in a read-only transaction', async () => {
    const write = queryCheck.apply(
      contextFor(queryCheck, { ...conn, sql: 'DELETE FROM items RETURNING id' }),
    );
    await expect(write).rejects.toMatchObject({ code: 'postgres.query-invalid', retryable: false });
    expect(await sql(primary.connection, 'SELECT * FROM items')).toHaveLength(5);
  });
});

describe('heartbeat and restorable point', () => {
  test('the heartbeat commits a row about every 100 ms', async () => {
    const started = Date.now();
    const heartbeat = await startHeartbeat({ connection: primary.connection, intervalMs: 100 });
    await new Promise((r) => setTimeout(r, 1200));
    const summary = await heartbeat.stop();
    const elapsed = Date.now() - started;
    expect(summary.errors).toBe(0);
    expect(summary.rows).toBeGreaterThanOrEqual(Math.floor(elapsed / 100) - 3);
    expect(summary.rows).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    const [row] = await sql<{ n: number; last: Date }>(
      primary.connection,
      'SELECT count(*)::int AS n, max(committed_at) AS last FROM dr_heartbeat',
    );
    expect(row?.n).toBe(summary.rows);
    expect(row?.last.getTime()).toBe(summary.last?.getTime());
  });

  test('the newest restorable point is the last archived commit', async () => {
    const before = Date.now();
    await sql(primary.connection, 'UPDATE items SET qty = qty + 1 WHERE id = 1');
    await switchAndArchive(primary.connection);
    const after = Date.now();
    const point = await latestRestorablePoint({
      stanza: primary.stanza,
      pgbackrestConfig: primary.config,
    });
    expect(Date.parse(point.recoveryPoint)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(point.recoveryPoint)).toBeLessThanOrEqual(after);
    const step = await runStep(latestRestorablePointStep, {
      stanza: primary.stanza,
      pgbackrestConfig: primary.config,
    });
    expect(step.outputs.recoveryPoint).toBe(point.recoveryPoint);
    expect(step.outputs.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(step.outputs.ageSeconds).toBeLessThan(30);
  });
});

describe('postgres.promote', () => {
  test('promotes a streaming standby once caught up; a re-run finds a primary', async () => {
    await sql(primary.connection, 'INSERT INTO items VALUES (6, 60)');
    standby = await startStandby(primary);
    const input = { ...conn, port: standby.port, maxLagBytes: 0 };
    const drill = await runStep(promote, input, { mode: 'drill' });
    expect(drill.outputs).toMatchObject({ result: 'drill-skipped', timeline: 1 });
    const [still] = await sql<{ r: boolean }>(
      { ...primary.connection, port: standby.port },
      'SELECT pg_is_in_recovery() AS r',
    );
    expect(still?.r).toBe(true);
    const first = await runStep(promote, input);
    expect(first.outputs.result).toBe('promoted');
    expect(first.checked?.state).toBe('needed');
    expect(first.outputs.timeline).toBe(2);
    await sql({ ...primary.connection, port: standby.port }, 'INSERT INTO items VALUES (7, 70)');
    expect(
      await sql({ ...primary.connection, port: standby.port }, 'SELECT * FROM items'),
    ).toHaveLength(7);
    const again = await runStep(promote, input);
    expect(again.checked?.state).toBe('done');
  });
});

describe('postgres.fence', () => {
  test('an unreachable primary is postgres.unreachable, not a success', async () => {
    const closed = { ...conn, port: await freePort(), connectTimeoutMs: 1000 };
    const ctx = contextFor(fence, closed);
    await expect(fence.check!(ctx)).rejects.toMatchObject({
      code: 'postgres.unreachable',
      retryable: false,
    });
    await expect(fence.apply(ctx)).rejects.toMatchObject({
      code: 'postgres.unreachable',
      retryable: false,
    });
  });

  test('a drill only rehearses: the primary keeps taking writes', async () => {
    const drill = await runStep(fence, conn, { mode: 'drill' });
    expect(drill.outputs).toEqual({ result: 'drill-skipped' });
    await sql(primary.connection, 'INSERT INTO items VALUES (9, 90)');
  });

  test('after fencing, writes to the old primary fail; a re-run finds it fenced', async () => {
    const first = await runStep(fence, conn);
    expect(first.outputs).toEqual({ result: 'fenced' });
    await expect(sql(primary.connection, 'INSERT INTO items VALUES (8, 80)')).rejects.toMatchObject(
      { code: '25006' },
    );
    const again = await runStep(fence, conn);
    expect(again.outputs).toEqual({ result: 'already-fenced' });
  });
});
