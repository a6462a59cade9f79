import type pg from 'pg';
import { z } from 'zod';
import {
  defineStepType,
  fatalError,
  retryableError,
  sleep,
  type StepContext,
} from '../../../src/contract/index.js';
import { clientConfig, withClient } from '../client.js';
import { connectionInput } from '../inputs.js';

const input = z.strictObject({
  ...connectionInput.shape,
  maxLagBytes: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe('received but not yet replayed WAL allowed at promotion'),
  catchUpTimeoutSeconds: z.number().int().positive().default(60),
  promoteTimeoutSeconds: z.number().int().positive().default(60),
});
type Input = z.infer<typeof input>;
type Outputs = {
  result: 'promoted' | 'already-primary' | 'drill-skipped';
  timeline: number;
  lsn: string;
  lagBytes: number;
  promoteSeconds: number;
};

interface ServerState {
  standby: boolean;
  lag: string | null;
  lsn: string;
  timeline: number;
}

const stateSql = `SELECT pg_is_in_recovery() AS standby,
  pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text AS lag,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn,
  CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint())
    ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END AS timeline`;

async function state(c: pg.Client): Promise<ServerState> {
  const row = (await c.query<ServerState>(stateSql)).rows[0];
  if (row === undefined) throw fatalError('postgres.query-failed', 'no server state');
  return row;
}

/** Waits (bounded) until replay is within `maxLagBytes` of what the standby received. */
async function caughtUp(c: pg.Client, ctx: StepContext<Input>): Promise<ServerState> {
  const deadline = Date.now() + ctx.input.catchUpTimeoutSeconds * 1000;
  let s = await state(c);
  while (s.standby && Number(s.lag ?? 0) > ctx.input.maxLagBytes) {
    if (Date.now() > deadline)
      throw retryableError('postgres.lag-too-high', `replay is ${s.lag} bytes behind`, {
        hint: 'raise maxLagBytes to accept losing them, or wait for replay to catch up',
      });
    await sleep(200, ctx.signal);
    s = await state(c);
  }
  return s;
}

/** `postgres.promote`: promote a streaming standby once its replay has caught up. */
export const promote = defineStepType<Input, Outputs>({
  type: 'postgres.promote',
  summary: 'Promote a streaming standby after its replay caught up (bounded wait)',
  input,
  outputs: {
    result: "'promoted', 'already-primary', or 'drill-skipped' (a drill only waits for catch-up)",
    timeline: 'timeline of the server afterwards',
    lsn: 'WAL position at promotion',
    lagBytes: 'received-but-unreplayed WAL when promoted',
    promoteSeconds: 'seconds pg_promote took',
  },
  describe: (i, mode) =>
    `${mode === 'drill' ? 'check that it could promote' : 'promote'} ${i.host}:${i.port} once its replay lag is ≤ ${i.maxLagBytes} bytes`,
  async check(ctx) {
    if (ctx.mode === 'drill') return { state: 'needed' };
    const s = await withClient(clientConfig(ctx.input), ctx.signal, state);
    if (s.standby) return { state: 'needed' };
    const outputs = { result: 'already-primary' as const, lagBytes: 0, promoteSeconds: 0 };
    return { state: 'done', outputs: { ...outputs, timeline: s.timeline, lsn: s.lsn } };
  },
  async apply(ctx) {
    return withClient(clientConfig(ctx.input), ctx.signal, async (c) => {
      const s = await caughtUp(c, ctx);
      const lagBytes = Number(s.lag ?? 0);
      const base = { timeline: s.timeline, lsn: s.lsn, lagBytes, promoteSeconds: 0 };
      // A drill must not break production replication: it proves catch-up, nothing more.
      if (ctx.mode === 'drill') return { ...base, result: 'drill-skipped' as const };
      if (!s.standby) return { ...base, result: 'already-primary' as const };
      const started = Date.now();
      const sql = 'SELECT pg_promote(true, $1) AS ok';
      const done = await c.query<{ ok: boolean }>(sql, [ctx.input.promoteTimeoutSeconds]);
      if (done.rows[0]?.ok !== true)
        throw retryableError('postgres.promote-timeout', 'pg_promote did not finish in time');
      const after = await state(c);
      if (after.standby) throw fatalError('postgres.promote-failed', 'still in recovery');
      const promoteSeconds = (Date.now() - started) / 1000;
      return {
        result: 'promoted' as const,
        timeline: after.timeline,
        lsn: after.lsn,
        lagBytes,
        promoteSeconds,
      };
    });
  },
});
