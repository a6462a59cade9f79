import type pg from 'pg';
import { z } from 'zod';
import {
  defineStepType,
  fatalError,
  sleep,
  type StepContext,
} from '../../../src/contract/index.js';
import { clientConfig, isUnreachable, withClient } from '../client.js';
import { connectionInput } from '../inputs.js';
import { postmasterPid, stopLocalCluster } from '../local-cluster.js';

const input = z.strictObject({
  ...connectionInput.shape,
  method: z
    .enum(['read-only', 'stop'])
    .default('read-only')
    .describe(
      'read-only: default_transaction_read_only = on and end other sessions; stop: pg_ctl stop',
    ),
  dataDirectory: z
    .string()
    .optional()
    .describe('for method stop: PGDATA of the old primary on this machine'),
  binDirectory: z.string().default('/usr/lib/postgresql/15/bin'),
  osUser: z.string().default('postgres'),
});
type Input = z.infer<typeof input>;
type Outputs = { result: 'fenced' | 'already-fenced' | 'drill-skipped' };

/** Ends every other client session: a fenced server must not keep an open write transaction. */
const terminateOthers = `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`;

function unreachable(ctx: StepContext<Input>, cause: unknown) {
  const { host, port } = ctx.input;
  return fatalError(
    'postgres.unreachable',
    `old primary ${host}:${port} is unreachable: not fenced`,
    {
      hint: 'it may be down or cut off; make sure it cannot come back as a primary (power, network) before promoting another',
      cause,
    },
  );
}

/** Connects with the short connect timeout; an unreachable server is the `postgres.unreachable` error. */
async function onServer<T>(ctx: StepContext<Input>, fn: (c: pg.Client) => Promise<T>) {
  try {
    return await withClient(clientConfig(ctx.input), ctx.signal, fn);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'postgres.unreachable' || isUnreachable(error)) throw unreachable(ctx, error);
    throw error;
  }
}

const readOnly = async (c: pg.Client) =>
  (
    await c.query<{ v: string }>('SELECT current_setting($1) AS v', [
      'default_transaction_read_only',
    ])
  ).rows[0]?.v === 'on';

/** Whether a new session is read-only and refused a write (the reload takes a moment to land). */
async function refusesWrites(ctx: StepContext<Input>): Promise<boolean> {
  const probe = () =>
    onServer(ctx, async (c) => {
      if (!(await readOnly(c))) return false;
      try {
        await c.query('CREATE TABLE dr_fence_probe ()');
        await c.query('DROP TABLE dr_fence_probe');
        return false;
      } catch (error) {
        return (error as { code?: string }).code === '25006';
      }
    });
  for (let i = 0; i < 20; i++) {
    if (await probe()) return true;
    await sleep(100, ctx.signal);
  }
  return probe();
}

/**
 * A drill must never fence production: it only proves the fence would work (the server
 * answers and our role may ALTER SYSTEM the setting).
 */
async function rehearse(ctx: StepContext<Input>): Promise<Outputs> {
  if (ctx.input.method === 'stop') return { result: 'drill-skipped' };
  const allowed = await onServer(ctx, async (c) => {
    const sql = `SELECT has_parameter_privilege('default_transaction_read_only', 'ALTER SYSTEM') AS ok`;
    return (await c.query<{ ok: boolean }>(sql)).rows[0]?.ok === true;
  });
  if (!allowed)
    throw fatalError(
      'postgres.permission-denied',
      `${ctx.input.user} may not fence: ALTER SYSTEM denied`,
      {
        hint: 'fence as a superuser, or GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only',
      },
    );
  return { result: 'drill-skipped' };
}

/** `postgres.fence`: stop the old primary from taking writes (read-only, or stopped). */
export const fence = defineStepType<Input, Outputs>({
  type: 'postgres.fence',
  summary: 'Fence the old primary: make it read-only (or stop it) so it takes no writes',
  input,
  outputs: {
    result:
      "'fenced', 'already-fenced', or 'drill-skipped' (a drill never fences); an unreachable server fails with postgres.unreachable",
  },
  describe: (i, mode) =>
    mode === 'drill'
      ? `rehearse fencing ${i.host}:${i.port} (a drill changes nothing)`
      : i.method === 'stop'
        ? `stop the PostgreSQL cluster in ${i.dataDirectory ?? '(dataDirectory missing)'}`
        : `make ${i.host}:${i.port} read-only and end its other sessions`,
  async check(ctx) {
    if (ctx.mode === 'drill')
      return { state: 'needed', detail: 'a drill only rehearses the fence' };
    if (ctx.input.method === 'stop' && ctx.input.dataDirectory !== undefined) {
      const running = (await postmasterPid(ctx.input.dataDirectory)) !== undefined;
      return running
        ? { state: 'needed' }
        : { state: 'done', outputs: { result: 'already-fenced' } };
    }
    const fenced = await onServer(ctx, readOnly);
    return fenced ? { state: 'done', outputs: { result: 'already-fenced' } } : { state: 'needed' };
  },
  async apply(ctx) {
    const { dataDirectory } = ctx.input;
    if (ctx.mode === 'drill') return rehearse(ctx);
    if (ctx.input.method === 'stop') {
      if (dataDirectory === undefined)
        throw fatalError(
          'postgres.invalid-input',
          'method stop needs dataDirectory (a cluster on this machine)',
        );
      await stopLocalCluster({ ...ctx.input, dataDirectory }, ctx.signal);
      return { result: 'fenced' };
    }
    const ended = await onServer(ctx, async (c) => {
      await c.query('ALTER SYSTEM SET default_transaction_read_only = on');
      await c.query('SELECT pg_reload_conf()');
      return (await c.query<{ n: number }>(terminateOthers)).rows[0]?.n ?? 0;
    });
    ctx.log.info('fenced', { sessionsEnded: ended });
    return { result: 'fenced' };
  },
  async verify(ctx) {
    const { dataDirectory } = ctx.input;
    if (ctx.outputs.result === 'drill-skipped') return;
    if (ctx.input.method === 'stop' && dataDirectory !== undefined) {
      if ((await postmasterPid(dataDirectory)) !== undefined)
        throw fatalError('postgres.verify-failed', `the cluster in ${dataDirectory} still runs`);
      return;
    }
    if (!(await refusesWrites(ctx)))
      throw fatalError('postgres.verify-failed', 'the old primary still accepts writes');
  },
});
