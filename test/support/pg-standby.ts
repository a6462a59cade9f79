import { join } from 'node:path';
import {
  defaultPgBinDir,
  makeOwnedDir,
  runAsOsUser,
  startCluster,
  writeOwnedFile,
  type PgCluster,
} from '../../src/lab/postgres/index.js';
import { freePort, type PgPrimary } from './pg-primary.js';

/** A streaming standby of the primary (pg_basebackup -R), started on a free port. */
export async function startStandby(primary: PgPrimary): Promise<PgCluster> {
  const standby: PgCluster = {
    dataDir: join(primary.root, 'standby'),
    socketDir: primary.cluster.socketDir,
    port: await freePort(),
    logFile: join(primary.root, 'standby.log'),
  };
  await makeOwnedDir(standby.dataDir, 'postgres');
  await writeOwnedFile(standby.logFile, '', { osUser: 'postgres', mode: 0o640 });
  const argv = [
    join(defaultPgBinDir, 'pg_basebackup'),
    '-D',
    standby.dataDir,
    '-R',
    '-X',
    'stream',
  ];
  argv.push('-h', '127.0.0.1', '-p', String(primary.cluster.port), '-U', 'postgres', '-c', 'fast');
  await runAsOsUser('postgres', argv, {
    env: { PGPASSWORD: primary.password },
    timeoutMs: 120_000,
  });
  // The copy carries the primary's port and archiving: a standby of ours uses neither.
  await writeOwnedFile(
    join(standby.dataDir, 'postgresql.auto.conf'),
    `port = '${standby.port}'\narchive_mode = 'off'\n`,
    { osUser: 'postgres', append: true },
  );
  await startCluster(standby);
  return standby;
}
