import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  backup,
  createArchivingPrimary,
  stopCluster,
  type PgCluster,
} from '../../src/lab/postgres/index.js';

/** A primary with a posix pgBackRest repository, archiving, for the integration tests. */
export interface PgPrimary {
  root: string;
  cluster: PgCluster;
  stanza: string;
  config: string;
  repoPath: string;
  password: string;
  connection: pg.ClientConfig;
  /** Stops the cluster and removes every folder. */
  dispose(): Promise<void>;
}

import { freePort } from '../../adapters/postgres/free-port.js';

export { freePort };

/** A temp folder that the postgres user can traverse (mkdtemp makes 700 folders). */
export async function labTempDir(prefix: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await chmod(root, 0o755);
  return root;
}

/** Starts an archiving primary with a posix pgBackRest repository and creates the stanza. */
export async function startPrimary(
  o: { compressType?: 'none' | 'gz' | 'lz4' | 'zst' } = {},
): Promise<PgPrimary> {
  const root = await labTempDir('dr-pg-');
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const made = await createArchivingPrimary({
    root,
    port,
    superPassword: password,
    stanza: 'erp',
    ...o,
  });
  const connection = { host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' };
  const dispose = async () => {
    await stopCluster(made.cluster, 'immediate').catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  return { root, ...made, password, connection, dispose };
}

/** Runs SQL on a connection and returns the rows. */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  connection: pg.ClientConfig,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Switches WAL and waits (bounded) until the segment is in the archive. */
export async function switchAndArchive(connection: pg.ClientConfig, timeoutMs = 30_000) {
  const [row] = await sql<{ wal: string }>(
    connection,
    'SELECT pg_walfile_name(pg_switch_wal()) AS wal',
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [stat] = await sql<{ last: string | null }>(
      connection,
      'SELECT last_archived_wal AS last FROM pg_stat_archiver',
    );
    if (stat?.last != null && row !== undefined && stat.last >= row.wal) return row.wal;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WAL ${row?.wal} not archived within ${timeoutMs} ms`);
}

/** A full backup of the primary's stanza. */
export async function fullBackup(p: PgPrimary) {
  await backup({ config: p.config, stanza: p.stanza, type: 'full' });
}
