import { join } from 'node:path';
import { makeOwnedDir } from './os-user.js';
import { startCluster, initCluster, type PgCluster } from './cluster.js';
import {
  archiveCommand,
  pgbackrestConfig,
  stanzaCreate,
  writePgbackrestConfig,
} from './pgbackrest.js';

/** Options of {@link createArchivingPrimary}. */
export interface ArchivingPrimaryOptions {
  /** A folder the postgres user can traverse; everything goes below it. */
  root: string;
  port: number;
  superPassword: string;
  stanza?: string;
  compressType?: 'none' | 'gz' | 'lz4' | 'zst';
  processMax?: number;
  /** Extra postgresql.conf settings. */
  settings?: Record<string, string>;
}

/** A started primary that archives to a posix pgBackRest repository whose stanza exists. */
export interface ArchivingPrimary {
  cluster: PgCluster;
  stanza: string;
  /** Path of its pgbackrest.conf. */
  config: string;
  repoPath: string;
}

/**
 * Creates `<root>/primary` (socket `<root>/sock`, log `<root>/primary.log`), a posix repository
 * in `<root>/repo` with its pgbackrest.conf, starts the cluster archiving there and runs
 * stanza-create. For tests and benchmarks that need real backups without S3.
 */
export async function createArchivingPrimary(
  o: ArchivingPrimaryOptions,
): Promise<ArchivingPrimary> {
  const stanza = o.stanza ?? 'main';
  const cluster: PgCluster = {
    dataDir: join(o.root, 'primary'),
    socketDir: join(o.root, 'sock'),
    port: o.port,
    logFile: join(o.root, 'primary.log'),
  };
  for (const dir of ['repo', 'pgbr-log', 'pgbr-lock', 'pgbr-spool'])
    await makeOwnedDir(join(o.root, dir), 'postgres');
  const config = join(o.root, 'pgbackrest.conf');
  const text = pgbackrestConfig({
    stanza,
    repo: { kind: 'posix', path: join(o.root, 'repo') },
    pgDataDir: cluster.dataDir,
    pgPort: cluster.port,
    pgSocketDir: cluster.socketDir,
    logPath: join(o.root, 'pgbr-log'),
    lockPath: join(o.root, 'pgbr-lock'),
    spoolPath: join(o.root, 'pgbr-spool'),
    compressType: o.compressType ?? 'lz4',
    processMax: o.processMax ?? 1,
  });
  await writePgbackrestConfig(config, text);
  const settings = { archive_mode: 'on', archive_command: archiveCommand({ config, stanza }) };
  await initCluster(cluster, {
    superPassword: o.superPassword,
    settings: { ...settings, wal_level: 'replica', max_wal_senders: '4', ...o.settings },
  });
  await startCluster(cluster);
  await stanzaCreate({ config, stanza });
  return { cluster, stanza, config, repoPath: join(o.root, 'repo') };
}
