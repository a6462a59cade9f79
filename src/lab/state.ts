import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DrError, ExitCode } from '../contract/errors.js';

/** The two regions of the lab, in failover order. */
export const REGIONS = ['region-a', 'region-b'] as const;
export type RegionName = (typeof REGIONS)[number];

/** One service the lab started (or reserved): its ports, its pid when it runs, its log file. */
export interface ServiceState {
  name: string;
  kind: 'moto' | 'tls-front' | 'postgres' | 'region-daemon';
  region?: RegionName;
  /** Named ports, e.g. `{ http: 5000 }` or `{ kube: 41000, entry: 41001 }`. */
  ports: Record<string, number>;
  /** Absent for a reserved service that does not run (region-b's database at `up`). */
  pid?: number;
  /** Start time of `pid` (see `processStartTicks`), so a reused pid is never signalled. */
  startTicks?: number;
  log?: string;
  startedAt?: string;
}

/** What one region of the lab is made of. */
export interface RegionState {
  name: RegionName;
  peer: RegionName;
  pgPort: number;
  kubePort: number;
  entryPort: number;
  backupBucket: string;
  filestoreBucket: string;
}

/** `state.json`: everything `status`, `down` and `disaster` need to find what `up` started. */
export interface LabState {
  version: 1;
  dir: string;
  createdAt: string;
  awsRegion: string;
  motoPort: number;
  tlsPort: number;
  regions: Record<RegionName, RegionState>;
  services: ServiceState[];
  dns: { zone: string; zoneId?: string; record: string; entryPorts: Record<string, number> };
}

/** The lab folder: the flag, else `DR_LAB_DIR`, else `.lab/` in the current directory. */
export function labDir(flag?: string): string {
  return resolve(flag ?? process.env.DR_LAB_DIR ?? '.lab');
}

/** Path of the state file of a lab folder. */
export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** Reads the lab's state, or `undefined` when no lab was ever brought up in `dir`. */
export async function readState(dir: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as LabState;
  } catch (cause) {
    throw new DrError('lab.state-corrupt', `the lab state ${statePath(dir)} is not valid JSON`, {
      cause,
      exitCode: ExitCode.invalidInput,
      hint: `remove the folder and start again: dr lab reset --dir ${dir}`,
    });
  }
}

/** Reads the state or fails with a hint to run `dr lab up`. */
export async function requireState(dir: string): Promise<LabState> {
  const state = await readState(dir);
  if (!state) {
    throw new DrError('lab.not-up', `no lab in ${dir}`, {
      exitCode: ExitCode.invalidInput,
      hint: `start one with: dr lab up --dir ${dir}`,
    });
  }
  return state;
}

/** Writes the state atomically (write then rename), so a crash never leaves half a file. */
export async function writeState(state: LabState): Promise<void> {
  await mkdir(state.dir, { recursive: true });
  const tmp = `${statePath(state.dir)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, statePath(state.dir));
}

/** Records a service in the state, replacing one of the same name. */
export function putService(state: LabState, service: ServiceState): void {
  state.services = [...state.services.filter((s) => s.name !== service.name), service];
}

/** The service of that name, if the state has it. */
export function findService(state: LabState, name: string): ServiceState | undefined {
  return state.services.find((s) => s.name === name);
}
