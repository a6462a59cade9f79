import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DrError } from '../../contract/index.js';
import { makeOwnedDir, pgConfValue, writeOwnedFile } from './os-user.js';
import { runAsOsUser } from './run-as-os-user.js';

export { runAsOsUser, LabCommandError, type RunOptions } from './run-as-os-user.js';

/** Where PostgreSQL 15 lives on Debian; the default of {@link PgCluster.binDir}. */
export const defaultPgBinDir = '/usr/lib/postgresql/15/bin';

/** A local PostgreSQL cluster of the lab. The data and socket folders belong to `osUser`. */
export interface PgCluster {
  dataDir: string;
  socketDir: string;
  port: number;
  /** Default {@link defaultPgBinDir}. */
  binDir?: string;
  /** The OS user that owns and runs the cluster when we are root; default `postgres`. */
  osUser?: string;
  logFile: string;
}

const userOf = (c: PgCluster) => c.osUser ?? 'postgres';
const bin = (c: PgCluster, name: string) => join(c.binDir ?? defaultPgBinDir, name);

function defaultHba(password: boolean): string[] {
  // Without a superuser password, TCP from loopback is trusted: the lab only listens there.
  const method = password ? 'scram-sha-256' : 'trust';
  return [
    'local all all peer',
    'local replication all peer',
    `host all all 127.0.0.1/32 ${method}`,
    `host replication all 127.0.0.1/32 ${method}`,
  ];
}

/**
 * Runs initdb as the OS user, then writes the listen address, port, socket folder and `settings`
 * to postgresql.auto.conf and `hba` (or a loopback-only default) to pg_hba.conf.
 * The parent folders must be traversable by the OS user.
 */
export async function initCluster(
  c: PgCluster,
  o: { superPassword?: string; settings?: Record<string, string>; hba?: string[] },
): Promise<void> {
  const user = userOf(c);
  await makeOwnedDir(c.dataDir, user);
  await makeOwnedDir(c.socketDir, user);
  await writeOwnedFile(c.logFile, '', { osUser: user, mode: 0o640, append: true });
  const argv = [bin(c, 'initdb'), '-D', c.dataDir, '-U', 'postgres', '-E', 'UTF8'];
  argv.push('--locale=C', '--no-instructions', '--auth-local=peer', '--auth-host=scram-sha-256');
  const pwFile = `${c.dataDir}.pw`;
  if (o.superPassword !== undefined) {
    await writeOwnedFile(pwFile, `${o.superPassword}\n`, { osUser: user });
    argv.push(`--pwfile=${pwFile}`);
  }
  try {
    await runAsOsUser(user, argv, { timeoutMs: 120_000 });
  } finally {
    await rm(pwFile, { force: true });
  }
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(c.port),
    unix_socket_directories: c.socketDir,
    ...o.settings,
  };
  const conf = Object.entries(settings).map(([k, v]) => `${k} = ${pgConfValue(v)}\n`);
  await writeOwnedFile(join(c.dataDir, 'postgresql.auto.conf'), conf.join(''), {
    osUser: user,
    append: true,
  });
  const hba = o.hba ?? defaultHba(o.superPassword !== undefined);
  await writeOwnedFile(join(c.dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`, { osUser: user });
}

/** Starts the cluster with `pg_ctl start -w` as the OS user; returns the postmaster's pid. */
export async function startCluster(
  c: PgCluster,
  o: { timeoutMs?: number } = {},
): Promise<{ pid: number }> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const argv = [bin(c, 'pg_ctl'), 'start', '-w', '-t', seconds, '-D', c.dataDir, '-l', c.logFile];
  try {
    await runAsOsUser(userOf(c), argv, { timeoutMs: timeoutMs + 10_000 });
  } catch (error) {
    const log = await readFile(c.logFile, 'utf8').catch(() => '');
    throw new DrError('lab.postgres-start-failed', `PostgreSQL in ${c.dataDir} did not start`, {
      hint: `last log lines:\n${log.split('\n').slice(-15).join('\n')}`,
      cause: error,
    });
  }
  const pid = await clusterPid(c);
  if (pid === undefined) throw new DrError('lab.postgres-start-failed', 'postmaster.pid missing');
  return { pid };
}

/** Stops the cluster (`pg_ctl stop -m fast|immediate -w`); a stopped cluster is not an error. */
export async function stopCluster(
  c: PgCluster,
  mode: 'fast' | 'immediate' = 'fast',
): Promise<void> {
  if ((await clusterPid(c)) === undefined) return;
  const argv = [bin(c, 'pg_ctl'), 'stop', '-w', '-t', '60', '-m', mode, '-D', c.dataDir];
  await runAsOsUser(userOf(c), argv, { timeoutMs: 70_000 });
}

/** The postmaster's pid when the cluster runs (its postmaster.pid names a live process). */
export async function clusterPid(c: PgCluster): Promise<number | undefined> {
  const text = await readFile(join(c.dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // a stale pid file left by a crash
  }
  // A recycled pid could belong to anything: the cluster's process has the data dir as cwd.
  const cwd = await stat(`/proc/${pid}/cwd`).catch(() => undefined);
  const data = await stat(c.dataDir).catch(() => undefined);
  if (cwd !== undefined && data !== undefined && cwd.ino !== data.ino) return undefined;
  return pid;
}
