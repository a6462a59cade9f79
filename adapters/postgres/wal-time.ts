import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fatalError, retryableError } from '../../src/contract/index.js';
import type { PgbackrestInput } from './inputs.js';
import type { StanzaInfo } from './pgbackrest-info.js';
import { runChecked, runCommand } from './process.js';

/** The newest commit found in the archive: what a time target may reach at most. */
export interface ArchiveTime {
  /** Commit timestamp in microseconds since the epoch (PostgreSQL's precision). */
  micros: number;
  /** The same instant as an ISO 8601 string (millisecond precision). */
  iso: string;
  segment: string;
}

const segmentFile = /^([0-9A-F]{24})-[0-9a-f]{40}(?:\.(gz|lz4|zst|bz2))?$/;
/** `desc: COMMIT 2026-12-04 15:37:11.123456 UTC` as pg_waldump prints it under TZ=UTC. */
const commitLine =
  /desc: (?:COMMIT|ABORT)(?:_PREPARED)? (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)? UTC/g;
/** Segments read before giving up: an idle database's newest segments may hold no commit. */
const maxSegments = 16;

/** Microseconds since the epoch of a `YYYY-MM-DD HH:MM:SS[.ffffff]` UTC timestamp. */
function utcMicros(seconds: string, fraction: string | undefined): number {
  const micros = Number(((fraction ?? '.').slice(1) + '000000').slice(0, 6));
  return Date.parse(`${seconds.replace(' ', 'T')}Z`) * 1000 + micros;
}

async function repoText(p: PgbackrestInput, args: string[], signal: AbortSignal) {
  const argv = ['pgbackrest', `--config=${p.pgbackrestConfig}`, `--stanza=${p.stanza}`, ...args];
  const o = { osUser: p.osUser, signal, errorCode: 'postgres.repository-unreadable' };
  return runChecked(argv, { ...o, timeoutMs: 120_000 });
}

/** Segment files of the archive, newest first (repo-ls works without a local PGDATA). */
async function archivedSegments(p: PgbackrestInput, archiveId: string, signal: AbortSignal) {
  const path = `archive/${p.stanza}/${archiveId}`;
  const listing = await repoText(p, ['repo-ls', '--recurse', path], signal);
  return listing
    .split('\n')
    .map((line) => ({
      path: `${path}/${line.trim()}`,
      match: segmentFile.exec(line.trim().split('/').pop() ?? ''),
    }))
    .filter((f) => f.match !== null)
    .sort((a, b) => (a.match?.[1] ?? '').localeCompare(b.match?.[1] ?? ''))
    .reverse();
}

/** Fetches one archived segment and decompresses it (repo-get does not decompress). */
async function fetchSegment(p: PgbackrestInput, path: string, signal: AbortSignal) {
  const argv = [
    'pgbackrest',
    `--config=${p.pgbackrestConfig}`,
    `--stanza=${p.stanza}`,
    'repo-get',
    path,
  ];
  const got = await runCommand(argv, { osUser: p.osUser, signal, timeoutMs: 120_000 });
  if (got.code !== 0)
    throw retryableError(
      'postgres.repository-unreadable',
      `repo-get ${path}: ${got.stderr.trim()}`,
    );
  const ext = path.split('.').pop();
  if (!path.includes('.') || !['gz', 'lz4', 'zst', 'bz2'].includes(ext ?? '')) return got.stdout;
  if (ext === 'gz') return gunzipSync(got.stdout);
  const tool = ext === 'lz4' ? 'lz4' : ext === 'zst' ? 'zstd' : 'bzip2';
  const out = await runCommand([tool, '-dc'], { signal, stdin: got.stdout, timeoutMs: 60_000 });
  if (out.code !== 0)
    throw retryableError('postgres.repository-unreadable', `${tool}: ${out.stderr}`);
  return out.stdout;
}

/** The newest commit timestamp that pg_waldump finds in one segment, if any. */
async function newestCommitIn(o: { file: string; binDirectory: string; signal: AbortSignal }) {
  // pg_waldump exits 1 at the zeroed tail of a switched segment; the records before it count.
  const dump = await runCommand([join(o.binDirectory, 'pg_waldump'), o.file], {
    signal: o.signal,
    env: { TZ: 'UTC' },
    timeoutMs: 120_000,
  });
  let newest: number | undefined;
  for (const m of dump.stdout.toString().matchAll(commitLine)) {
    const micros = utcMicros(m[1] ?? '', m[2]);
    if (newest === undefined || micros > newest) newest = micros;
  }
  return newest;
}

/**
 * The time of the newest transaction in the WAL archive: the newest segments are fetched with
 * `repo-get` and read with `pg_waldump` until one holds a commit. This needs no restore and no
 * PGDATA, so it works in the recovery region before anything exists there.
 */
export async function newestArchivedCommit(
  p: PgbackrestInput,
  info: StanzaInfo,
  signal: AbortSignal,
): Promise<ArchiveTime> {
  if (info.archiveId === undefined || info.archiveMax === undefined)
    throw fatalError('postgres.no-archive', `stanza ${p.stanza} has no archived WAL`, {
      hint: 'check archive_command on the primary and `pgbackrest check`',
    });
  const segments = (await archivedSegments(p, info.archiveId, signal)).slice(0, maxSegments);
  const dir = await mkdtemp(join(tmpdir(), 'dr-wal-'));
  try {
    for (const segment of segments) {
      const name = segment.match?.[1] ?? '';
      await writeFile(join(dir, name), await fetchSegment(p, segment.path, signal));
      const micros = await newestCommitIn({
        file: join(dir, name),
        binDirectory: p.binDirectory,
        signal,
      });
      await rm(join(dir, name), { force: true });
      if (micros !== undefined)
        return { micros, iso: new Date(Math.floor(micros / 1000)).toISOString(), segment: name };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw fatalError(
    'postgres.no-archive',
    `no commit in the newest ${segments.length} archived segments`,
    {
      hint: 'the database was idle: restore to target latest instead of a time',
    },
  );
}
