import { readFile } from 'node:fs/promises';
import { regionLayout } from './layout.js';
import type { RegionName } from './state.js';

/** One app process as the region daemon's controller last reported it. */
export interface AppRecord {
  pod: string;
  namespace: string;
  deployment: string;
  pid: number;
  port: number;
  ready: boolean;
  health?: unknown;
  startedAt: string;
}

/** The app processes a region's controller runs (empty when it never wrote its file). */
export async function readApps(dir: string, region: RegionName): Promise<AppRecord[]> {
  try {
    return JSON.parse(await readFile(regionLayout(dir, region).apps, 'utf8')) as AppRecord[];
  } catch {
    return [];
  }
}
