import { fatalError } from '../../src/contract/index.js';
import type { PgbackrestInput } from './inputs.js';
import { runChecked } from './process.js';

/** One backup set as `pgbackrest info --output=json` lists it (the fields dr reads). */
export interface BackupSet {
  label: string;
  type: string;
  /** Unix seconds at which the backup finished: the earliest time it can restore to. */
  stopTime: number;
  lsnStop: string;
}

/** The stanza's backups (oldest first) and its WAL archive of the current database. */
export interface StanzaInfo {
  backups: BackupSet[];
  /** e.g. `15-1`: the archive folder of the current database. */
  archiveId: string | undefined;
  /** Newest segment in the archive, e.g. `000000010000000000000007`. */
  archiveMax: string | undefined;
}

interface RawInfo {
  name?: string;
  status?: { code?: number; message?: string };
  archive?: { id?: string; max?: string | null; database?: { id?: number } }[];
  backup?: {
    label?: string;
    type?: string;
    error?: boolean;
    timestamp?: { stop?: number };
    lsn?: { stop?: string };
  }[];
}

/** Reads the stanza with `pgbackrest info --output=json`. */
export async function stanzaInfo(p: PgbackrestInput, signal: AbortSignal): Promise<StanzaInfo> {
  const argv = ['pgbackrest', `--config=${p.pgbackrestConfig}`, `--stanza=${p.stanza}`];
  argv.push('--output=json', 'info');
  const out = await runChecked(argv, {
    osUser: p.osUser,
    signal,
    timeoutMs: 120_000,
    errorCode: 'postgres.repository-unreadable',
  });
  // system-id exceeds 2^53 but dr never reads it, so JSON.parse's rounding is harmless here.
  const raw = (JSON.parse(out) as RawInfo[]).find((s) => s.name === p.stanza);
  if (raw === undefined || (raw.status?.code !== 0 && raw.status?.code !== 2))
    throw fatalError(
      'postgres.stanza-unusable',
      `stanza ${p.stanza}: ${raw?.status?.message ?? 'not found in the repository'}`,
      { hint: 'check the stanza name and that stanza-create ran against this repository' },
    );
  const archive = [...(raw.archive ?? [])].sort(
    (a, b) => (a.database?.id ?? 0) - (b.database?.id ?? 0),
  );
  const current = archive.at(-1);
  const backups = (raw.backup ?? [])
    .filter((b) => b.error !== true && b.label !== undefined && b.timestamp?.stop !== undefined)
    .map((b) => ({
      label: b.label ?? '',
      type: b.type ?? 'full',
      stopTime: b.timestamp?.stop ?? 0,
      lsnStop: b.lsn?.stop ?? '0/0',
    }));
  return { backups, archiveId: current?.id, archiveMax: current?.max ?? undefined };
}

/** An LSN such as `0/3000A48` as a number (safe: real LSNs stay far below 2^53). */
export function lsnValue(lsn: string): number {
  const [hi, lo] = lsn.split('/');
  const value = parseInt(hi ?? '', 16) * 2 ** 32 + parseInt(lo ?? '', 16);
  if (!/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(lsn) || !Number.isFinite(value))
    throw fatalError('postgres.invalid-lsn', `not an LSN: ${lsn}`, { hint: 'e.g. 0/3000A48' });
  return value;
}
