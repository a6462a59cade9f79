import { z } from 'zod';
import {
  defineStepType,
  fatalError,
  type RunMode,
  type StepContext,
} from '../../../src/contract/index.js';
import { clientConfig, withClient } from '../client.js';
import { freePort } from '../free-port.js';
import { connectionInput, localClusterInput, pgbackrestInput } from '../inputs.js';
import { postmasterPid, startLocalCluster } from '../local-cluster.js';
import { stanzaInfo } from '../pgbackrest-info.js';
import { awaitPromotion } from '../recovery-wait.js';
import { markerMatches, readMarker, writeMarker, type RestoreOutputs } from '../restore-marker.js';
import { restoreAndPromote, restoreLogFile } from '../restore-run.js';
import { chooseBackupSet, restoreTarget, targetInput } from '../restore-target.js';
import { newestArchivedCommit } from '../wal-time.js';

const input = z
  .object({
    ...connectionInput.shape,
    ...localClusterInput.shape,
    ...pgbackrestInput.shape,
    ...targetInput.shape,
    drillPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('port of a drill restore; default: a free one'),
    recoveryTimeoutSeconds: z.number().int().positive().default(3600),
    archiveCommand: z
      .string()
      .optional()
      .describe('failover: archive_command of the new primary (default: the restored one)'),
    processMax: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('parallel restore processes (default: the pgbackrest.conf value)'),
  })
  .refine(
    (i) =>
      [i.target !== 'latest', i.targetLsn !== undefined, i.targetName !== undefined].filter(Boolean)
        .length <= 1,
    { message: 'give one of target (a time), targetLsn or targetName' },
  );
type Input = z.infer<typeof input>;

/** A drill restores into `<dataDirectory>.drill`, beside the real one, and leaves that alone. */
export function restoreDirectory(i: Input, mode: RunMode): string {
  return mode === 'drill' ? `${i.dataDirectory}.drill` : i.dataDirectory;
}

const want = (ctx: StepContext<Input>) => ({
  stanza: ctx.input.stanza,
  target: restoreTarget(ctx.input),
  mode: ctx.mode,
  runId: ctx.runId,
});

async function isPrimary(ctx: StepContext<Input>, port: number): Promise<boolean> {
  return withClient(clientConfig(ctx.input, port), ctx.signal, async (c) => {
    const row = (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0];
    return row?.r === false;
  }).catch(() => false);
}

/** A restore already recorded by its marker whose cluster is down: start it, do not restore. */
async function restart(ctx: StepContext<Input>, dir: string, outputs: RestoreOutputs) {
  if ((await postmasterPid(dir)) === undefined)
    await startLocalCluster({ ...ctx.input, dataDirectory: dir }, restoreLogFile(dir), ctx.signal);
  await awaitPromotion({
    config: clientConfig(ctx.input, outputs.port),
    dataDirectory: dir,
    logFile: restoreLogFile(dir),
    timeoutMs: ctx.input.recoveryTimeoutSeconds * 1000,
    signal: ctx.signal,
  });
  return outputs;
}

/**
 * `postgres.pitr-restore`: point-in-time restore of a pgBackRest stanza, promoted and writable.
 *
 * - The target is checked against the repository before anything is touched: not before the
 *   oldest backup's stop time, not after the newest archived commit (read from the newest WAL
 *   segments with repo-get + pg_waldump; see wal-time.ts).
 * - A drill restores into `<dataDirectory>.drill` on `drillPort`, with archive_mode = off.
 * - `dr-restore.json` in the restored directory is written only after a proven write; `check`
 *   returns its outputs when it matches (same target; in a drill, the same run) and the
 *   cluster runs as a primary. Without it the folder is restored again with `--delta`.
 */
export const pitrRestore = defineStepType<Input, RestoreOutputs>({
  type: 'postgres.pitr-restore',
  summary: 'Restore a pgBackRest stanza to a point in time, start it and promote it',
  input,
  outputs: {
    recoveryPoint: 'time of the last transaction replayed (ISO 8601)',
    lsn: 'WAL position where replay ended',
    timeline: 'timeline of the promoted cluster',
    backupLabel: 'the backup set restored',
    fetchSeconds: 'seconds spent by pgbackrest restore',
    replaySeconds: 'seconds from start to the end of WAL replay',
    promoteSeconds: 'seconds from the end of replay to a proven write',
    dataDirectory: 'where the cluster was restored (a drill: <dataDirectory>.drill)',
    port: 'port the restored cluster listens on',
  },
  describe(i, mode) {
    const t = restoreTarget(i);
    const to = t.kind === 'latest' ? 'the latest archived WAL' : `${t.kind} ${t.value}`;
    return `restore stanza ${i.stanza} to ${to} into ${restoreDirectory(i, mode)}, start and promote it`;
  },
  async check(ctx) {
    const dir = restoreDirectory(ctx.input, ctx.mode);
    const marker = await readMarker(dir);
    if (!markerMatches(marker, want(ctx)))
      return {
        state: 'needed',
        detail: marker === undefined ? 'not restored' : 'restored to another target or run',
      };
    if ((await postmasterPid(dir)) === undefined)
      return { state: 'needed', detail: 'restored, not running' };
    if (!(await isPrimary(ctx, marker.outputs.port)))
      return { state: 'needed', detail: 'not promoted' };
    return {
      state: 'done',
      outputs: marker.outputs,
      detail: `restored to ${marker.outputs.recoveryPoint}`,
    };
  },
  async apply(ctx) {
    const { input: i, signal } = ctx;
    if (ctx.mode === 'dry-run') throw fatalError('postgres.dry-run', 'apply called in a dry run');
    const dir = restoreDirectory(i, ctx.mode);
    const recorded = await readMarker(dir);
    if (markerMatches(recorded, want(ctx))) return restart(ctx, dir, recorded.outputs);
    const target = restoreTarget(i);
    // Every refusal happens here, before the directory is touched.
    const info = await stanzaInfo(i, signal);
    const newestCommit =
      target.kind === 'time' ? await newestArchivedCommit(i, info, signal) : undefined;
    const set = chooseBackupSet({ info, target, newestCommit, forcedSet: i.backupSet });
    const drill = ctx.mode === 'drill';
    const port = drill ? (i.drillPort ?? (await freePort())) : i.port;
    const outputs = await restoreAndPromote(
      { input: i, target, set, directory: dir, port, drill },
      ctx,
    );
    await writeMarker(dir, { ...want(ctx), outputs }, { osUser: i.osUser, signal });
    ctx.log.info('restored', { ...outputs });
    return outputs;
  },
  async verify(ctx) {
    const marker = await readMarker(ctx.outputs.dataDirectory);
    if (marker === undefined)
      throw fatalError('postgres.verify-failed', `no ${ctx.outputs.dataDirectory}/dr-restore.json`);
    if (!(await isPrimary(ctx, ctx.outputs.port)))
      throw fatalError('postgres.verify-failed', 'the restored cluster is not a writable primary');
  },
});
