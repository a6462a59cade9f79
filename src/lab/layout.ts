import { join } from 'node:path';
import type { RegionName } from './state.js';

/** Where each file of a region lives in the lab folder (relative paths go into the inventory). */
export interface RegionLayout {
  root: string;
  dataDir: string;
  socketDir: string;
  pgbackrestConfig: string;
  pgbackrestDir: string;
  pgLog: string;
  kubeState: string;
  apps: string;
}

/** Paths of one region, relative to the lab folder. */
export function relativeRegionLayout(region: RegionName): RegionLayout {
  return {
    root: region,
    dataDir: join(region, 'pgdata'),
    socketDir: join(region, 'pgsock'),
    pgbackrestConfig: join(region, 'pgbackrest.conf'),
    pgbackrestDir: join(region, 'pgbackrest'),
    pgLog: join(region, 'postgres.log'),
    kubeState: join(region, 'kube-state.json'),
    apps: join(region, 'apps.json'),
  };
}

/** Absolute paths of one region. */
export function regionLayout(dir: string, region: RegionName): RegionLayout {
  const rel = relativeRegionLayout(region);
  const abs = Object.entries(rel).map(([k, v]: [string, string]) => [k, join(dir, v)]);
  return Object.fromEntries(abs) as RegionLayout;
}

/** The pgBackRest stanza and database names of the lab. */
export const STANZA = 'odoo';
export const DATABASE = 'odoo';
export const DB_USER = 'odoo';
export const PG_OS_USER = 'postgres';
