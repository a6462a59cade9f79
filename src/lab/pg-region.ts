import { writeFile, mkdir, chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterPid, type PgCluster } from './postgres/cluster.js';
import { pidAlive } from './processes.js';
import { pgbackrestConfig, type PgBackRestRepo } from './postgres/pgbackrest.js';
import { writeOwnedFile } from './postgres/os-user.js';
import { PG_BIN_DIR } from './deps.js';
import { regionLayout, STANZA } from './layout.js';
import { chownForPg, mkdirForPg, pgOsUser } from './os-user.js';
import type { LabSecrets } from './secrets.js';
import type { LabState, RegionName } from './state.js';

/** The PostgreSQL cluster of a region, as `src/lab/postgres` takes it. */
export function regionCluster(dir: string, state: LabState, region: RegionName): PgCluster {
  const layout = regionLayout(dir, region);
  return {
    dataDir: layout.dataDir,
    socketDir: layout.socketDir,
    port: state.regions[region].pgPort,
    binDir: PG_BIN_DIR,
    osUser: pgOsUser(),
    logFile: layout.pgLog,
  };
}

/** The S3 repository of a region's backups, reached through the TLS front. */
export function regionRepo(
  state: LabState,
  region: RegionName,
  secrets: LabSecrets,
): PgBackRestRepo {
  return {
    kind: 's3',
    endpoint: `127.0.0.1:${state.tlsPort}`,
    bucket: state.regions[region].backupBucket,
    region: state.awsRegion,
    accessKey: secrets.AWS_ACCESS_KEY_ID,
    secretKey: secrets.AWS_SECRET_ACCESS_KEY,
    path: '/pgbackrest',
  };
}

/**
 * Prepares a region's folders (data and socket owned by the PostgreSQL user, mode 700) and writes
 * its pgBackRest configuration. Both regions read and write region-a's repository: region-a
 * archives into it, region-b restores from it.
 */
export async function prepareRegion(o: {
  dir: string;
  state: LabState;
  region: RegionName;
  secrets: LabSecrets;
}): Promise<string> {
  const layout = regionLayout(o.dir, o.region);
  await mkdir(layout.root, { recursive: true });
  await chmod(layout.root, 0o755);
  await mkdirForPg(layout.socketDir);
  await mkdirForPg(layout.pgbackrestDir, 0o750);
  for (const sub of ['log', 'lock', 'spool']) await mkdirForPg(join(layout.pgbackrestDir, sub));
  // pg_ctl -l writes the server log as the PostgreSQL user: the file must be theirs already.
  await writeOwnedFile(layout.pgLog, '', { osUser: pgOsUser(), mode: 0o640, append: true });
  const text = pgbackrestConfig({
    stanza: STANZA,
    repo: regionRepo(o.state, 'region-a', o.secrets),
    pgDataDir: layout.dataDir,
    pgPort: o.state.regions[o.region].pgPort,
    pgSocketDir: layout.socketDir,
    logPath: join(layout.pgbackrestDir, 'log'),
    lockPath: join(layout.pgbackrestDir, 'lock'),
    spoolPath: join(layout.pgbackrestDir, 'spool'),
    processMax: 2,
  });
  // Bundling packs PostgreSQL's many small files into few S3 objects: moto is slow per request.
  const bundled = text.replace('[global]\n', '[global]\nrepo1-bundle=y\n');
  await writeFile(layout.pgbackrestConfig, bundled, { mode: 0o600 });
  await chownForPg(layout.pgbackrestConfig);
  return layout.pgbackrestConfig;
}

/**
 * The postmaster's pid when it truly runs. `clusterPid` alone also accepts a killed postmaster
 * that is still a zombie (where pid 1 reaps late), which would make a killed region look alive.
 */
export async function livePostmaster(cluster: PgCluster): Promise<number | undefined> {
  const pid = await clusterPid(cluster);
  return pid !== undefined && pidAlive(pid) ? pid : undefined;
}

/**
 * Removes the lock file of a postmaster that was killed but not yet reaped: PostgreSQL would take
 * the zombie's pid for a running server and refuse to start.
 */
export async function clearZombieLock(cluster: PgCluster): Promise<void> {
  const pid = await clusterPid(cluster);
  if (pid !== undefined && !pidAlive(pid))
    await rm(join(cluster.dataDir, 'postmaster.pid'), { force: true });
}
