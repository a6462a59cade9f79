import type pg from 'pg';
import { fatalError, retryableError, sleep } from '../../src/contract/index.js';
import { withClient } from './client.js';
import { logTail, postmasterPid } from './local-cluster.js';

/** What the end of recovery left: the last replayed transaction, the position, the timeline. */
export interface RecoveryEnd {
  /** Time of the last replayed transaction; null when no transaction was replayed. */
  lastReplayed: string | null;
  lsn: string;
  timeline: number;
  replaySeconds: number;
  promoteSeconds: number;
}

interface Probe {
  in_recovery: boolean;
  replayed_at: string | null;
  replay_lsn: string | null;
  paused: boolean;
}

/** PostgreSQL's microsecond ISO text of a timestamptz expression, in UTC. */
const isoSql = (expr: string) =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')`;

const probeSql = `SELECT pg_is_in_recovery() AS in_recovery,
  ${isoSql('pg_last_xact_replay_timestamp()')} AS replayed_at, pg_last_wal_replay_lsn()::text AS replay_lsn,
  (pg_is_in_recovery() AND pg_get_wal_replay_pause_state() <> 'not paused') AS paused`;

/** One probe of the starting server, or undefined while it does not accept connections yet. */
async function probe(config: pg.ClientConfig, signal: AbortSignal): Promise<Probe | undefined> {
  try {
    return await withClient(config, signal, async (c) => {
      const row = (await c.query<Probe>(probeSql)).rows[0];
      // Paused at the target (recovery_target_action = pause): promotion is our job then.
      if (row?.paused === true) await c.query('SELECT pg_promote(true, 60)');
      return row;
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
}

async function diedWithLog(o: { dataDirectory: string; logFile: string }) {
  if ((await postmasterPid(o.dataDirectory)) !== undefined) return;
  const tail = await logTail(o.logFile);
  if (
    /recovery ended before configured recovery target was reached|recovery target .* not reached/i.test(
      tail,
    )
  )
    throw fatalError(
      'postgres.target-not-reached',
      'the WAL archive ends before the recovery target',
      {
        hint: `a named restore point older than the newest backup needs backupSet; PostgreSQL log:\n${tail}`,
      },
    );
  throw retryableError('postgres.start-failed', 'the restored cluster stopped during recovery', {
    hint: `PostgreSQL log:\n${tail}`,
  });
}

/** Polls until recovery has ended (bounded); returns the last probe taken during recovery. */
async function waitForRecoveryEnd(o: WaitOptions, started: number): Promise<Probe | undefined> {
  let last: Probe | undefined;
  for (;;) {
    await sleep(200, o.signal);
    const now = await probe(o.config, o.signal);
    if (now !== undefined && !now.in_recovery) return last;
    if (now !== undefined) last = now;
    // pg_ctl -W returns before postmaster.pid exists: judge the process only after a moment.
    if (now === undefined && Date.now() - started > 2000) await diedWithLog(o);
    if (Date.now() - started > o.timeoutMs)
      throw retryableError(
        'postgres.recovery-timeout',
        `recovery did not end in ${o.timeoutMs / 1000} s`,
        {
          hint: `raise recoveryTimeoutSeconds; log: ${o.logFile}`,
        },
      );
  }
}

interface Ended {
  ts: string | null;
  lsn: string | null;
  current: string;
  wal: string;
}

/** Proves the promoted server takes a write, then reads where replay ended. */
async function proveWritable(o: WaitOptions): Promise<Ended | undefined> {
  return withClient(o.config, o.signal, async (c) => {
    await c.query('CREATE TEMP TABLE dr_write_probe (x int)');
    await c.query('INSERT INTO dr_write_probe VALUES (1)');
    await c.query('DROP TABLE dr_write_probe');
    const sql = `SELECT ${isoSql('pg_last_xact_replay_timestamp()')} AS ts,
      pg_last_wal_replay_lsn()::text AS lsn, pg_current_wal_lsn()::text AS current,
      pg_walfile_name(pg_current_wal_lsn()) AS wal`;
    return (await c.query<Ended>(sql)).rows[0];
  });
}

/** Options of {@link awaitPromotion}. */
export interface WaitOptions {
  config: pg.ClientConfig;
  dataDirectory: string;
  logFile: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Polls the restored server until recovery has ended and it is promoted, then proves it takes
 * writes. Bounded by `timeoutMs`; a postmaster that dies is reported with its log.
 */
export async function awaitPromotion(o: WaitOptions): Promise<RecoveryEnd> {
  const started = Date.now();
  const last = await waitForRecoveryEnd(o, started);
  const recovered = Date.now();
  const end = await proveWritable(o);
  return {
    lastReplayed: end?.ts ?? last?.replayed_at ?? null,
    lsn: end?.lsn ?? last?.replay_lsn ?? end?.current ?? '0/0',
    timeline: parseInt((end?.wal ?? '1').slice(0, 8), 16),
    replaySeconds: (recovered - started) / 1000,
    promoteSeconds: (Date.now() - recovered) / 1000,
  };
}
