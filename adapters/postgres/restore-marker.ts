import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunMode } from '../../src/contract/index.js';
import { writeUserFile } from './local-cluster.js';
import type { RestoreTarget } from './restore-target.js';

/** What a pitr restore returns, and records in its marker. */
export interface RestoreOutputs {
  [name: string]: string | number | boolean | null;
  recoveryPoint: string;
  lsn: string;
  timeline: number;
  backupLabel: string;
  fetchSeconds: number;
  replaySeconds: number;
  promoteSeconds: number;
  dataDirectory: string;
  port: number;
}

/** `dr-restore.json` in a restored data directory: written only once the restore succeeded. */
export interface RestoreMarker {
  stanza: string;
  target: RestoreTarget;
  mode: RunMode;
  runId: string;
  outputs: RestoreOutputs;
}

/** The marker's file name inside the restored data directory. */
export const markerName = 'dr-restore.json';

/** Reads the marker of a data directory, if any (an unreadable one counts as none). */
export async function readMarker(dataDirectory: string): Promise<RestoreMarker | undefined> {
  const text = await readFile(join(dataDirectory, markerName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as RestoreMarker;
  } catch {
    return undefined;
  }
}

/** Removes the marker before any change: a half-done restore must never look finished. */
export async function removeMarker(dataDirectory: string) {
  await rm(join(dataDirectory, markerName), { force: true });
}

/** Writes the marker (owned by the cluster's OS user, so its own tools can read PGDATA). */
export async function writeMarker(
  dataDirectory: string,
  marker: RestoreMarker,
  o: { osUser: string; signal: AbortSignal },
) {
  const text = `${JSON.stringify(marker, null, 2)}\n`;
  await writeUserFile({ path: join(dataDirectory, markerName), text, ...o });
}

/**
 * Whether a marker records this very restore. A failover's restore is the same whatever the run
 * (restoring a promoted primary again would throw away its new writes); a drill's scratch copy
 * belongs to its run, so the next drill restores afresh.
 */
export function markerMatches(
  marker: RestoreMarker | undefined,
  want: { stanza: string; target: RestoreTarget; mode: RunMode; runId: string },
): marker is RestoreMarker {
  if (marker === undefined || marker.stanza !== want.stanza || marker.mode !== want.mode)
    return false;
  if (JSON.stringify(marker.target) !== JSON.stringify(want.target)) return false;
  return want.mode !== 'drill' || marker.runId === want.runId;
}
