import { join } from 'node:path';
import type { StepContext } from '../../src/contract/index.js';
import { clientConfig } from './client.js';
import type { ConnectionInput, LocalClusterInput, PgbackrestInput } from './inputs.js';
import {
  prepareDirectory,
  startLocalCluster,
  stopLocalCluster,
  stopOrphanRestores,
  writeUserFile,
} from './local-cluster.js';
import type { BackupSet } from './pgbackrest-info.js';
import { runChecked } from './process.js';
import { awaitPromotion } from './recovery-wait.js';
import { removeMarker, type RestoreOutputs } from './restore-marker.js';
import { targetArgs, type RestoreTarget } from './restore-target.js';

/** Everything a restore run needs once the target and set are chosen. */
export interface RestorePlan {
  input: ConnectionInput &
    LocalClusterInput &
    PgbackrestInput & {
      recoveryTimeoutSeconds: number;
      processMax?: number | undefined;
      archiveCommand?: string | undefined;
    };
  target: RestoreTarget;
  set: BackupSet;
  /** Where the cluster is restored (the data directory, or a drill's scratch folder). */
  directory: string;
  port: number;
  drill: boolean;
}

const settingLine = (k: string, v: string) => `${k} = '${v.replace(/'/g, "''")}'\n`;

/** Settings appended after pgBackRest's: our port and socket; a drill never archives. */
function localSettings(plan: RestorePlan): string {
  const socket = plan.input.socketDirectory ?? '';
  let text = `\n# dr: restored cluster\n${settingLine('port', String(plan.port))}`;
  text += settingLine('unix_socket_directories', socket);
  if (plan.drill) text += settingLine('archive_mode', 'off');
  // The restored archive_command is the old primary's; the new one archives through ours.
  else if (plan.input.archiveCommand !== undefined)
    text += settingLine('archive_command', plan.input.archiveCommand);
  return text;
}

/** Runs `pgbackrest restore` into the plan's folder; returns its duration in seconds. */
async function fetchBackup(plan: RestorePlan, ctx: StepContext<unknown>) {
  const { input } = plan;
  await stopOrphanRestores(plan.directory, ctx.signal);
  await stopLocalCluster({ ...input, dataDirectory: plan.directory }, ctx.signal);
  await removeMarker(plan.directory).catch(() => undefined);
  const hasFiles = await prepareDirectory(plan.directory, input.osUser, ctx.signal);
  const argv = ['pgbackrest', `--config=${input.pgbackrestConfig}`, `--stanza=${input.stanza}`];
  argv.push(`--pg1-path=${plan.directory}`, `--set=${plan.set.label}`, ...targetArgs(plan.target));
  if (plan.drill) argv.push('--archive-mode=off');
  if (input.processMax !== undefined) argv.push(`--process-max=${input.processMax}`);
  if (hasFiles) argv.push('--delta');
  argv.push('restore');
  ctx.log.info('pgbackrest restore', {
    set: plan.set.label,
    directory: plan.directory,
    delta: hasFiles,
  });
  const started = Date.now();
  await runChecked(argv, {
    osUser: input.osUser,
    signal: ctx.signal,
    timeoutMs: input.recoveryTimeoutSeconds * 1000,
    errorCode: 'postgres.restore-failed',
  }).catch(async (error: unknown) => {
    // Aborted or timed out: leave no pgbackrest worker writing into the folder behind us.
    await stopOrphanRestores(plan.directory, new AbortController().signal);
    throw error;
  });
  return (Date.now() - started) / 1000;
}

/** Appends our settings to the restored postgresql.auto.conf; returns the server log file. */
async function configureRestored(plan: RestorePlan, signal: AbortSignal) {
  const { osUser } = plan.input;
  const conf = join(plan.directory, 'postgresql.auto.conf');
  await writeUserFile({ path: conf, text: localSettings(plan), osUser, signal, append: true });
  const logFile = restoreLogFile(plan.directory);
  await writeUserFile({ path: logFile, text: '', osUser, signal, append: true });
  return logFile;
}

/** The log file of a restored cluster: beside its folder, so a delta restore keeps it. */
export const restoreLogFile = (directory: string) => `${directory}.log`;

/**
 * Restores, starts the cluster, waits for promotion and proves it writable: the body of
 * pitr-restore's apply. The marker is written by the caller once this returned.
 */
export async function restoreAndPromote(
  plan: RestorePlan,
  ctx: StepContext<unknown>,
): Promise<RestoreOutputs> {
  const fetchSeconds = await fetchBackup(plan, ctx);
  const { input } = plan;
  const logFile = await configureRestored(plan, ctx.signal);
  const cluster = { ...input, dataDirectory: plan.directory };
  await startLocalCluster(cluster, logFile, ctx.signal);
  const end = await awaitPromotion({
    config: clientConfig(input, plan.port),
    dataDirectory: plan.directory,
    logFile,
    timeoutMs: input.recoveryTimeoutSeconds * 1000,
    signal: ctx.signal,
  });
  return {
    // No replayed transaction: the data is as of the backup's end.
    recoveryPoint: end.lastReplayed ?? new Date(plan.set.stopTime * 1000).toISOString(),
    lsn: end.lsn,
    timeline: end.timeline,
    backupLabel: plan.set.label,
    fetchSeconds,
    replaySeconds: end.replaySeconds,
    promoteSeconds: end.promoteSeconds,
    dataDirectory: plan.directory,
    port: plan.port,
  };
}
