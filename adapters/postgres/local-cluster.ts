import { chmod, chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { retryableError, sleep } from '../../src/contract/index.js';
import { runCommand } from './process.js';

/** A cluster on this machine: its folder, binaries and owner. */
export interface LocalCluster {
  dataDirectory: string;
  binDirectory: string;
  osUser: string;
}

/** The postmaster pid when the cluster in `dataDirectory` runs (a stale pid file gives none). */
export async function postmasterPid(dataDirectory: string): Promise<number | undefined> {
  const text = await readFile(join(dataDirectory, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // a stale pid file left by a crash
  }
  // After a reboot the pid may belong to another process: a postmaster's cwd is its PGDATA.
  const cwd = await stat(`/proc/${pid}/cwd`).catch(() => undefined);
  const data = await stat(dataDirectory).catch(() => undefined);
  return cwd !== undefined && data !== undefined && cwd.ino !== data.ino ? undefined : pid;
}

async function uidGid(osUser: string, signal: AbortSignal) {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) =>
    Number((await runCommand(['id', flag, osUser], { signal })).stdout.toString().trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

/** Creates `dir` for the OS user (mode 700); says whether it already held files. */
export async function prepareDirectory(dir: string, osUser: string, signal: AbortSignal) {
  await mkdir(dir, { recursive: true });
  const ids = await uidGid(osUser, signal);
  if (ids !== undefined) await chown(dir, ids.uid, ids.gid);
  await chmod(dir, 0o700);
  return (await readdir(dir)).length > 0;
}

/** Writes (or appends to) a file owned by the OS user, mode 600. */
export async function writeUserFile(o: {
  path: string;
  text: string;
  osUser: string;
  signal: AbortSignal;
  append?: boolean;
}) {
  await writeFile(o.path, o.text, { flag: o.append === true ? 'a' : 'w', mode: 0o600 });
  const ids = await uidGid(o.osUser, o.signal);
  if (ids !== undefined) await chown(o.path, ids.uid, ids.gid);
}

/** Starts the cluster without waiting (`pg_ctl start -W`): recovery may take long; we poll. */
export async function startLocalCluster(c: LocalCluster, logFile: string, signal: AbortSignal) {
  const argv = [
    join(c.binDirectory, 'pg_ctl'),
    'start',
    '-W',
    '-D',
    c.dataDirectory,
    '-l',
    logFile,
  ];
  const result = await runCommand(argv, { osUser: c.osUser, signal, timeoutMs: 60_000 });
  if (result.code !== 0)
    throw retryableError('postgres.start-failed', `pg_ctl start: ${result.stderr.trim()}`, {
      hint: `see ${logFile}`,
    });
}

/** Stops the cluster if it runs: fast shutdown, immediate when fast does not finish in 60 s. */
export async function stopLocalCluster(c: LocalCluster, signal: AbortSignal) {
  for (const mode of ['fast', 'immediate']) {
    if ((await postmasterPid(c.dataDirectory)) === undefined) return;
    const argv = [join(c.binDirectory, 'pg_ctl'), 'stop', '-w', '-t', '60', '-m', mode];
    await runCommand([...argv, '-D', c.dataDirectory], {
      osUser: c.osUser,
      signal,
      timeoutMs: 70_000,
    });
  }
  if ((await postmasterPid(c.dataDirectory)) !== undefined)
    throw retryableError('postgres.stop-failed', `the cluster in ${c.dataDirectory} does not stop`);
}

/** Pids of processes whose command line names pgbackrest and `--pg1-path=<dir>`. */
async function restoresInto(dir: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const entry of entries.filter((e) => /^\d+$/.test(e))) {
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmd.split('\0');
    if (args.some((a) => a.endsWith('pgbackrest')) && args.includes(`--pg1-path=${dir}`))
      pids.push(Number(entry));
  }
  return pids.filter((pid) => pid !== process.pid);
}

/**
 * Stops a restore into `dir` left running by an attempt that died (a killed `dr` leaves its
 * pgbackrest behind): two restores into one folder would corrupt it.
 */
export async function stopOrphanRestores(dir: string, signal: AbortSignal) {
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = await restoresInto(dir);
    if (pids.length === 0) return;
    for (const pid of pids) process.kill(pid, sig);
    for (let i = 0; i < 50 && (await restoresInto(dir)).length > 0; i++) await sleep(100, signal);
  }
}

/** The last `lines` lines of a log file ('' when unreadable). */
export async function logTail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
