import { z } from 'zod';
import { fatalError } from '../../src/contract/index.js';
import { lsnValue, type BackupSet, type StanzaInfo } from './pgbackrest-info.js';
import type { ArchiveTime } from './wal-time.js';

const isoWithOffset = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.\d{1,6})?(Z|[+-]\d\d(?::?\d\d)?)$/;

/** The recovery target fields of a pitr-restore step's `with`. */
export const targetInput = z.strictObject({
  target: z
    .union([z.literal('latest'), z.string().regex(isoWithOffset, 'ISO 8601 time with an offset')])
    .default('latest')
    .describe("'latest' (all archived WAL) or a time such as 2026-12-04T12:03:41.250+00:00"),
  targetLsn: z.string().optional().describe('restore up to this LSN (e.g. 0/3000A48) instead'),
  targetName: z.string().optional().describe('restore up to this named restore point instead'),
  backupSet: z.string().optional().describe('force a backup label (default: chosen by target)'),
});
export type TargetInput = z.infer<typeof targetInput>;

/** The one recovery target a step asks for. */
export type RestoreTarget =
  | { kind: 'latest' }
  | { kind: 'time'; value: string }
  | { kind: 'lsn'; value: string }
  | { kind: 'name'; value: string };

/** The target of an input; more than one kind of target is a mistake. */
export function restoreTarget(i: TargetInput): RestoreTarget {
  const given = [i.target !== 'latest', i.targetLsn !== undefined, i.targetName !== undefined];
  if (given.filter(Boolean).length > 1)
    throw fatalError('postgres.invalid-target', 'give one of target (time), targetLsn, targetName');
  if (i.targetLsn !== undefined) return { kind: 'lsn', value: i.targetLsn };
  if (i.targetName !== undefined) return { kind: 'name', value: i.targetName };
  return i.target === 'latest' ? { kind: 'latest' } : { kind: 'time', value: i.target };
}

/** Microseconds since the epoch of an ISO 8601 time with offset (keeps all six digits). */
export function isoMicros(text: string): number {
  const m = isoWithOffset.exec(text);
  if (m === null) throw fatalError('postgres.invalid-target', `not an ISO 8601 time: ${text}`);
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4] === 'Z' ? 'Z' : normalOffset(m[4] ?? '')}`);
  const micros = Number(((m[3] ?? '.').slice(1) + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

function normalOffset(offset: string): string {
  const digits = offset.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
}

/** End LSN of a WAL segment (16 MiB segments, as PostgreSQL builds them by default). */
function segmentEndLsn(segment: string): number {
  const log = parseInt(segment.slice(8, 16), 16);
  const seg = parseInt(segment.slice(16, 24), 16);
  return log * 2 ** 32 + (seg + 1) * 16 * 2 ** 20;
}

const when = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

type Choice = { info: StanzaInfo; newestCommit?: ArchiveTime };

/** The newest backup set that `ok` accepts. */
const newestWhere = (backups: BackupSet[], ok: (b: BackupSet) => boolean) =>
  backups.filter(ok).at(-1);

function setForTime(c: Choice, oldest: BackupSet, value: string): BackupSet {
  const t = isoMicros(value);
  if (t < oldest.stopTime * 1e6) throw tooEarly(value, when(oldest.stopTime * 1e6));
  const newest = c.newestCommit;
  if (newest !== undefined && t > newest.micros)
    throw fatalError(
      'postgres.target-too-late',
      `target ${value} is after the newest archived transaction (${newest.iso}, segment ${newest.segment})`,
      { hint: "later WAL was never archived; restore to target 'latest' or an earlier time" },
    );
  return newestWhere(c.info.backups, (b) => b.stopTime * 1e6 <= t) ?? oldest;
}

function setForLsn(c: Choice, oldest: BackupSet, value: string): BackupSet {
  const lsn = lsnValue(value);
  if (lsn < lsnValue(oldest.lsnStop)) throw tooEarly(value, oldest.lsnStop);
  const max = c.info.archiveMax;
  if (max !== undefined && lsn > segmentEndLsn(max))
    throw fatalError('postgres.target-too-late', `LSN ${value} is past the archive (${max})`, {
      hint: "restore to target 'latest' or an earlier LSN",
    });
  return newestWhere(c.info.backups, (b) => lsnValue(b.lsnStop) <= lsn) ?? oldest;
}

/**
 * Picks the backup set for a target and refuses targets outside what the repository can
 * restore: before the oldest backup finished, or after the newest archived commit / segment.
 */
export function chooseBackupSet(
  o: Choice & { target: RestoreTarget; forcedSet?: string },
): BackupSet {
  const { backups } = o.info;
  const oldest = backups[0];
  if (oldest === undefined)
    throw fatalError('postgres.no-backup', 'the stanza has no usable backup', {
      hint: 'take a backup first: pgbackrest backup --type=full',
    });
  if (o.forcedSet !== undefined) {
    const set = backups.find((b) => b.label === o.forcedSet);
    if (set === undefined) throw fatalError('postgres.no-backup', `no backup set ${o.forcedSet}`);
    return set;
  }
  switch (o.target.kind) {
    case 'latest':
    case 'name':
      // A restore point's position is not in the repository info: the newest set reaches it
      // when it was made after that backup; PostgreSQL says so otherwise (target-not-reached).
      return backups.at(-1) ?? oldest;
    case 'time':
      return setForTime(o, oldest, o.target.value);
    case 'lsn':
      return setForLsn(o, oldest, o.target.value);
  }
}

function tooEarly(target: string, oldest: string) {
  return fatalError(
    'postgres.target-too-early',
    `target ${target} is before the oldest usable backup (consistent from ${oldest})`,
    { hint: 'older backups have expired; choose a later target or keep more backups' },
  );
}

/** The pgbackrest restore options of a target. */
export function targetArgs(target: RestoreTarget): string[] {
  switch (target.kind) {
    case 'latest':
      return ['--type=default'];
    case 'time':
      return ['--type=time', `--target=${target.value}`, '--target-action=promote'];
    case 'lsn':
      return ['--type=lsn', `--target=${target.value}`, '--target-action=promote'];
    case 'name':
      return ['--type=name', `--target=${target.value}`, '--target-action=promote'];
  }
}
