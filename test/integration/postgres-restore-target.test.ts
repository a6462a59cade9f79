import { describe, expect, test } from 'vitest';
import type { StanzaInfo } from '../../adapters/postgres/pgbackrest-info.js';
import {
  chooseBackupSet,
  isoMicros,
  restoreTarget,
  targetArgs,
} from '../../adapters/postgres/restore-target.js';

// Pure rules of the pitr guard: no server needed. Two backups: 12:00:10 and 13:00:10 UTC.
const t0 = Date.parse('2026-12-04T12:00:10Z') / 1000;
const info: StanzaInfo = {
  archiveId: '15-1',
  archiveMax: '000000010000000000000009',
  backups: [
    { label: 'F1', type: 'full', stopTime: t0, lsnStop: '0/2000100' },
    { label: 'F2', type: 'full', stopTime: t0 + 3600, lsnStop: '0/6000100' },
  ],
};
const newestCommit = {
  micros: (t0 + 7200) * 1e6 + 123456,
  iso: '2026-12-04T14:00:10.123Z',
  segment: '000000010000000000000009',
};
const choose = (target: string) =>
  chooseBackupSet({ info, newestCommit, target: restoreTarget({ target }) });

describe('recovery target rules', () => {
  test('times keep microseconds and honour offsets', () => {
    expect(isoMicros('2026-12-04T13:00:10.000001+01:00')).toBe(t0 * 1e6 + 1);
    expect(isoMicros('2026-12-04 12:00:10Z')).toBe(t0 * 1e6);
    expect(() => isoMicros('yesterday')).toThrow(/ISO 8601/);
  });

  test('a time picks the newest backup finished before it', () => {
    expect(choose('2026-12-04T12:30:00Z').label).toBe('F1');
    expect(choose('2026-12-04T13:00:10Z').label).toBe('F2');
    expect(choose('2026-12-04T14:00:10.123456Z').label).toBe('F2');
  });

  test('a time outside the repository is refused, not retried', () => {
    expect(() => choose('2026-12-04T12:00:09.999999Z')).toThrow(
      expect.objectContaining({ code: 'postgres.target-too-early', retryable: false }),
    );
    expect(() => choose('2026-12-04T14:00:10.123457Z')).toThrow(
      expect.objectContaining({ code: 'postgres.target-too-late', retryable: false }),
    );
  });

  test('an LSN picks by backup stop LSN and may not pass the newest segment', () => {
    const lsn = (targetLsn: string) =>
      chooseBackupSet({ info, target: restoreTarget({ target: 'latest', targetLsn }) });
    expect(lsn('0/5000000').label).toBe('F1');
    expect(lsn('0/9FFFFFF').label).toBe('F2');
    expect(() => lsn('0/1000000')).toThrow(
      expect.objectContaining({ code: 'postgres.target-too-early' }),
    );
    expect(() => lsn('0/A000001')).toThrow(
      expect.objectContaining({ code: 'postgres.target-too-late' }),
    );
  });

  test('latest and named points restore the newest set; pgbackrest gets the right type', () => {
    expect(choose('latest').label).toBe('F2');
    expect(targetArgs(restoreTarget({ target: 'latest' }))).toEqual(['--type=default']);
    expect(targetArgs(restoreTarget({ target: 'latest', targetName: 'before-upgrade' }))).toEqual([
      '--type=name',
      '--target=before-upgrade',
      '--target-action=promote',
    ]);
    expect(() => restoreTarget({ target: '2026-12-04T12:30:00Z', targetLsn: '0/1' })).toThrow(
      /one of/,
    );
  });
});
