import { fatalError } from '../../src/contract/index.js';
import type { PgbackrestInput } from './inputs.js';
import { stanzaInfo } from './pgbackrest-info.js';
import { newestArchivedCommit } from './wal-time.js';

/** Options of {@link latestRestorablePoint}. */
export interface RestorablePointOptions {
  stanza: string;
  pgbackrestConfig: string;
  /** Runs pgbackrest as this user when root; default `postgres`. */
  osUser?: string;
  /** Where pg_waldump lives; default PostgreSQL 15's Debian folder. */
  binDirectory?: string;
  signal?: AbortSignal;
  /** "now" for ageSeconds; default the current time. */
  now?: Date;
}

/** The newest time a PITR can reach right now, and how old it is. */
export interface RestorablePoint {
  recoveryPoint: string;
  ageSeconds: number;
  /** The archived WAL segment that holds that transaction. */
  segment: string;
  /** The newest backup set (restores to the point go through it or an older one). */
  backupLabel: string;
}

/**
 * The newest restorable time of a stanza, read from the repository as the pitr-restore guard
 * reads it: the newest commit in the archived WAL. For `dr plan` and `dr failover`:
 * "recovery point available: 12:03:41 (age 14 s)".
 */
export async function latestRestorablePoint(o: RestorablePointOptions): Promise<RestorablePoint> {
  const p: PgbackrestInput = {
    stanza: o.stanza,
    pgbackrestConfig: o.pgbackrestConfig,
    osUser: o.osUser ?? 'postgres',
    binDirectory: o.binDirectory ?? '/usr/lib/postgresql/15/bin',
  };
  const signal = o.signal ?? new AbortController().signal;
  const info = await stanzaInfo(p, signal);
  const newest = info.backups.at(-1);
  if (newest === undefined)
    throw fatalError('postgres.no-backup', `stanza ${o.stanza} has no usable backup`, {
      hint: 'without a backup nothing is restorable: pgbackrest backup --type=full',
    });
  const commit = await newestArchivedCommit(p, info, signal);
  const now = (o.now ?? new Date()).getTime();
  return {
    recoveryPoint: commit.iso,
    ageSeconds: Math.max(0, Math.round((now - commit.micros / 1000) / 100) / 10),
    segment: commit.segment,
    backupLabel: newest.label,
  };
}
