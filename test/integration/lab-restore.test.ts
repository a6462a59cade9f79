import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readSecrets, regionLayout, requireState, type LabState } from '../../src/lab/index.js';
import { regionCluster } from '../../src/lab/pg-region.js';
import {
  makeOwnedDir,
  runAsOsUser,
  startCluster,
  stopCluster,
  writeOwnedFile,
} from '../../src/lab/postgres/index.js';
import { sleep } from '../../src/contract/sleep.js';

const dir = inject('labDir');

async function query<T extends pg.QueryResultRow>(
  config: pg.ClientConfig,
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ host: '127.0.0.1', connectionTimeoutMillis: 5000, ...config });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Waits until the primary has archived the WAL segment that holds everything written so far. */
async function waitArchived(su: pg.ClientConfig): Promise<void> {
  const [switched] = await query<{ wal: string }>(
    su,
    'SELECT pg_walfile_name(pg_switch_wal()) AS wal',
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await query<{ last: string | null }>(
      su,
      'SELECT last_archived_wal AS last FROM pg_stat_archiver',
    );
    if (row?.last && switched && row.last >= switched.wal) return;
    await sleep(250);
  }
  throw new Error(`WAL ${switched?.wal ?? '?'} was not archived within 60 s`);
}

describe.skipIf(!dir)('a pgBackRest point-in-time restore in the lab', () => {
  const labDir = dir ?? '';
  let state: LabState;

  afterAll(async () => {
    if (!state) return;
    const cluster = regionCluster(labDir, state, 'region-b');
    await stopCluster(cluster, 'immediate').catch(() => undefined);
    await rm(cluster.dataDir, { recursive: true, force: true });
  });

  it('restores region-a into region-b exactly up to a time between two writes', async () => {
    state = await requireState(labDir);
    const secrets = await readSecrets(labDir);
    const a = state.regions['region-a'];
    const app = { port: a.pgPort, database: 'odoo', user: 'odoo', password: secrets.PG_PASSWORD };
    const su = {
      port: a.pgPort,
      database: 'odoo',
      user: 'postgres',
      password: secrets.PG_SUPER_PASSWORD,
    };
    const configA = regionLayout(labDir, 'region-a').pgbackrestConfig;
    await runAsOsUser(
      'postgres',
      ['pgbackrest', `--config=${configA}`, '--stanza=odoo', '--type=incr', 'backup'],
      { timeoutMs: 120_000 },
    );

    const table = `pitr_probe_${Date.now()}`;
    await query(app, `CREATE TABLE ${table} (n int, at timestamptz DEFAULT clock_timestamp())`);
    await query(app, `INSERT INTO ${table} (n) SELECT generate_series(1, 5)`);
    await sleep(1100);
    const [mark] = await query<{ t: string }>(app, 'SELECT clock_timestamp()::text AS t');
    await sleep(1100);
    await query(app, `INSERT INTO ${table} (n) SELECT generate_series(6, 9)`);
    await waitArchived(su);

    const cluster = regionCluster(labDir, state, 'region-b');
    await stopCluster(cluster, 'immediate').catch(() => undefined);
    await rm(cluster.dataDir, { recursive: true, force: true });
    await makeOwnedDir(cluster.dataDir, 'postgres', 0o700);
    const configB = regionLayout(labDir, 'region-b').pgbackrestConfig;
    const argv = [
      'pgbackrest',
      `--config=${configB}`,
      '--stanza=odoo',
      '--type=time',
      `--target=${mark?.t ?? ''}`,
    ];
    argv.push('--target-action=promote', 'restore');
    await runAsOsUser('postgres', argv, { timeoutMs: 300_000 });
    // The restored configuration is region-a's: give it region-b's port, and no archiving.
    const overrides = `port = '${state.regions['region-b'].pgPort}'\narchive_mode = 'off'\n`;
    await writeOwnedFile(join(cluster.dataDir, 'postgresql.auto.conf'), overrides, {
      osUser: 'postgres',
      append: true,
    });
    await startCluster(cluster, { timeoutMs: 120_000 });

    const b = { ...app, port: state.regions['region-b'].pgPort };
    const deadline = Date.now() + 60_000;
    while (
      (await query<{ r: boolean }>(b, 'SELECT pg_is_in_recovery() AS r'))[0]?.r &&
      Date.now() < deadline
    )
      await sleep(250);
    const rows = await query<{ n: number }>(b, `SELECT n FROM ${table} ORDER BY n`);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    const onA = await query<{ n: string }>(app, `SELECT count(*) AS n FROM ${table}`);
    expect(Number(onA[0]?.n)).toBe(9);
  });
});
