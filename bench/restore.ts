/**
 * Restore benchmark: raw pgBackRest + PostgreSQL against dr's postgres.pitr-restore, and the
 * effect of compress-type and process-max. Run by hand (several minutes, ~4 GB under /tmp):
 *
 *     npx tsc -p tsconfig.build.json && node dist/bench/restore.js [scale]
 *
 * Uses a posix repository under /tmp (no S3), pgbench -i -s <scale> (default 70, ≈ 1 GB).
 */
import { appendFile, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pitrRestore } from '../adapters/postgres/steps/pitr-restore.js';
import { freePort } from '../adapters/postgres/free-port.js';
import { latestRestorablePoint } from '../adapters/postgres/index.js';
import {
  createArchivingPrimary,
  defaultPgBinDir,
  makeOwnedDir,
  writeOwnedFile,
  runAsOsUser,
  stopCluster,
  type ArchivingPrimary,
} from '../src/lab/postgres/index.js';

type Compress = 'none' | 'lz4' | 'gz';
interface Bench {
  root: string;
  primary: ArchivingPrimary;
  password: string;
  pgbr: (args: string[]) => Promise<string>;
}

const secs = (ms: number) => Math.round(ms / 100) / 10;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

async function query<R extends pg.QueryResultRow>(port: number, password: string, text: string) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

async function setUp(scale: number): Promise<Bench> {
  const root = await mkdtemp(join(tmpdir(), 'dr-restore-bench-'));
  await chmod(root, 0o755);
  const password = `bench-${Math.random().toString(36).slice(2)}`;
  const primary = await createArchivingPrimary({
    root,
    port: await freePort(),
    superPassword: password,
    stanza: 'bench',
    settings: { max_wal_size: '4GB', checkpoint_timeout: '30min' },
  });
  const base = ['pgbackrest', `--config=${primary.config}`, '--stanza=bench'];
  const long = { timeoutMs: 3_600_000 };
  const pgbr = async (args: string[]) =>
    (await runAsOsUser('postgres', [...base, ...args], long)).stdout;
  const started = Date.now();
  const c = primary.cluster;
  const argv = [join(defaultPgBinDir, 'pgbench'), '-i', '-q', '-s', String(scale)];
  await runAsOsUser(
    'postgres',
    [...argv, '-h', c.socketDir, '-p', String(c.port), 'postgres'],
    long,
  );
  const [size] = await query<{ b: string }>(
    c.port,
    password,
    'SELECT pg_database_size(current_database())::text AS b',
  );
  console.log(
    `pgbench -i -s ${scale}: ${mib(Number(size?.b))} MiB in ${secs(Date.now() - started)} s`,
  );
  return { root, primary, password, pgbr };
}

/** A full backup with one compress type and process-max; returns its label, time and size. */
async function timedBackup(b: Bench, compress: Compress, processMax: number) {
  const started = Date.now();
  await b.pgbr([
    `--compress-type=${compress}`,
    `--process-max=${processMax}`,
    '--repo1-retention-full=9', // keep every set this run takes
    '--type=full',
    'backup',
  ]);
  const seconds = secs(Date.now() - started);
  const info = JSON.parse(await b.pgbr(['--output=json', 'info'])) as {
    backup: { label: string; info: { size: number; repository: { size: number } } }[];
  }[];
  const last = info[0]?.backup.at(-1);
  if (last === undefined) throw new Error('no backup listed');
  return { label: last.label, seconds, size: last.info.size, repoSize: last.info.repository.size };
}

/** Flushes the previous run's dirty pages, so that their writeback does not land in this run. */
async function settle() {
  await runAsOsUser(undefined, ['sync']);
}

/** Polls (bounded) until the server answers and has left recovery. */
async function untilPromoted(port: number, password: string) {
  for (let i = 0; i < 36_000; i++) {
    const sql = 'SELECT pg_is_in_recovery() AS r';
    const row = await query<{ r: boolean }>(port, password, sql).catch(() => undefined);
    if (row?.[0]?.r === false) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('recovery did not end');
}

/** pgbackrest restore + pg_ctl start + wait for the end of recovery, by hand. */
async function rawRestore(b: Bench, o: { label: string; processMax: number; dir: string }) {
  const port = await freePort();
  await settle();
  const started = Date.now();
  await makeOwnedDir(o.dir, 'postgres');
  const set = [`--pg1-path=${o.dir}`, `--set=${o.label}`, `--process-max=${o.processMax}`];
  await b.pgbr([...set, '--type=default', '--archive-mode=off', 'restore']);
  const fetched = Date.now();
  await appendFile(
    join(o.dir, 'postgresql.auto.conf'),
    `port = '${port}'\nunix_socket_directories = ''\n`,
  );
  const log = `${o.dir}.log`;
  await writeOwnedFile(log, '', { osUser: 'postgres' });
  const pgCtl = join(defaultPgBinDir, 'pg_ctl');
  await runAsOsUser('postgres', [pgCtl, 'start', '-w', '-t', '3600', '-D', o.dir, '-l', log]);
  await untilPromoted(port, b.password);
  const done = Date.now();
  await stopCluster({ dataDir: o.dir, socketDir: '', port, logFile: log }, 'immediate');
  await rm(o.dir, { recursive: true, force: true });
  return { fetch: secs(fetched - started), total: secs(done - started) };
}

/** dr's postgres.pitr-restore apply (drill mode: a scratch copy that never archives). */
async function drRestore(b: Bench, o: { label: string; processMax: number; dir: string }) {
  const input = pitrRestore.input.parse({
    host: '127.0.0.1',
    port: await freePort(),
    drillPort: await freePort(),
    password: b.password,
    dataDirectory: o.dir,
    stanza: 'bench',
    pgbackrestConfig: b.primary.config,
    backupSet: o.label,
    processMax: o.processMax,
  });
  const log = { info() {}, warn() {}, debug() {} };
  const signal = new AbortController().signal;
  const ctx = {
    input,
    log,
    signal,
    mode: 'drill' as const,
    runId: 'bench',
    stepId: 'r',
    attempt: 1,
  };
  await settle();
  const started = Date.now();
  const out = await pitrRestore.apply(ctx);
  const total = secs(Date.now() - started);
  const restored = { dataDir: out.dataDirectory, socketDir: '', port: out.port, logFile: '' };
  await stopCluster(restored, 'immediate');
  await rm(out.dataDirectory, { recursive: true, force: true });
  return { fetch: out.fetchSeconds, replay: out.replaySeconds, total };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
/** `<compress>/<process-max>` pairs: the backups taken, then the extra raw restores timed. */
const backupMatrix = ['none/1', 'lz4/1', 'gz/1', 'lz4/2', 'gz/2'];
const restoreMatrix = ['none/1', 'lz4/2', 'gz/1', 'gz/2'];
const split = (pair: string) => {
  const [compress, pm] = pair.split('/');
  return { compress: compress as Compress, pm: Number(pm) };
};

/** Raw and dr restores of one set, alternated five times (the machine is shared: medians). */
async function compareWithRaw(b: Bench, label: string, dir: string) {
  const raw: number[] = [];
  const dr: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await rawRestore(b, { label, processMax: 1, dir });
    const d = await drRestore(b, { label, processMax: 1, dir });
    console.log(
      `run ${i + 1}: raw fetch ${r.fetch} s, total ${r.total} s | dr fetch ${d.fetch} s, replay ${d.replay} s, total ${d.total} s`,
    );
    raw.push(r.total);
    dr.push(d.total);
  }
  const [mr, md] = [median(raw), median(dr)];
  const overhead = Math.round(((md - mr) / mr) * 1000) / 10;
  console.log(`lz4 process-max 1, median of 5: raw ${mr} s, dr ${md} s, overhead ${overhead} %`);
}

async function backups(b: Bench) {
  const sets: Record<string, string> = {};
  for (const pair of backupMatrix) {
    const { compress, pm } = split(pair);
    const set = await timedBackup(b, compress, pm);
    sets[pair] = set.label;
    console.log(
      `backup ${compress} process-max ${pm}: ${set.seconds} s, ${mib(set.size)} MiB data, ${mib(set.repoSize)} MiB in repo`,
    );
  }
  return sets;
}

async function main() {
  const b = await setUp(Number(process.argv[2] ?? 70));
  try {
    const sets = await backups(b);
    const dir = join(b.root, 'restore');
    await compareWithRaw(b, sets['lz4/1']!, dir);
    const started = Date.now();
    const config = b.primary.config;
    const point = await latestRestorablePoint({ stanza: 'bench', pgbackrestConfig: config });
    console.log(
      `time-target guard (latestRestorablePoint): ${Date.now() - started} ms → ${point.recoveryPoint}`,
    );
    for (const pair of restoreMatrix) {
      const { compress, pm } = split(pair);
      const r = await rawRestore(b, { label: sets[`${compress}/1`]!, processMax: pm, dir });
      console.log(`restore ${compress} process-max ${pm}: fetch ${r.fetch} s, total ${r.total} s`);
    }
  } finally {
    await stopCluster(b.primary.cluster, 'immediate').catch(() => undefined);
    await rm(b.root, { recursive: true, force: true });
  }
}

await main();
