import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DrError } from '../contract/errors.js';
import { readApps } from './apps-file.js';
import { stopCluster } from './postgres/cluster.js';
import { livePostmaster, regionCluster } from './pg-region.js';
import { portOpen } from './ports.js';
import { killTree, pidAlive, sameProcess, stopTree, waitGone } from './processes.js';
import { readState, REGIONS, statePath, writeState, type LabState } from './state.js';

/** What `down` stopped and what, if anything, it could not. */
export interface DownResult {
  stopped: string[];
  leftPids: number[];
  leftPorts: number[];
}

/** Every pid the lab may have running: its services, its postmasters, its apps. */
export async function labPids(state: LabState): Promise<number[]> {
  const pids = state.services.flatMap((s) => (s.pid ? [s.pid] : []));
  for (const region of REGIONS) {
    pids.push(...(await readApps(state.dir, region)).map((a) => a.pid));
    const pid = await livePostmaster(regionCluster(state.dir, state, region));
    if (pid) pids.push(pid);
  }
  return [...new Set(pids)];
}

/** Every port of the lab: services, reserved database ports, apps. */
export async function labPorts(state: LabState): Promise<number[]> {
  const ports = state.services.flatMap((s) => Object.values(s.ports));
  for (const region of REGIONS)
    ports.push(...(await readApps(state.dir, region)).map((a) => a.port));
  return [...new Set(ports)];
}

async function stopPostgres(state: LabState, stopped: string[]): Promise<void> {
  for (const region of REGIONS) {
    const cluster = regionCluster(state.dir, state, region);
    const pid = await livePostmaster(cluster);
    if (pid === undefined) continue;
    await stopCluster(cluster, 'fast').catch(() => killTree(pid));
    if (pidAlive(pid)) await killTree(pid);
    stopped.push(`postgres-${region}`);
  }
}

/** Stops every process of the lab (daemons and their apps, databases, TLS front, moto). */
export async function labDown(dir: string): Promise<DownResult> {
  const state = await readState(dir);
  if (!state) return { stopped: [], leftPids: [], leftPorts: [] };
  const pids = await labPids(state);
  const ports = await labPorts(state);
  const stopped: string[] = [];
  const order = ['region-daemon', 'tls-front', 'moto'] as const;
  for (const kind of order) {
    if (kind === 'tls-front') await stopPostgres(state, stopped);
    for (const s of state.services.filter((x) => x.kind === kind)) {
      if (s.pid && sameProcess(s.pid, s.startTicks)) {
        await stopTree(s.pid, 8000);
        stopped.push(s.name);
      }
    }
  }
  const leftPids = await waitGone(pids, 5000);
  const leftPorts: number[] = [];
  for (const port of ports) if (await portOpen(port, 300)) leftPorts.push(port);
  for (const s of state.services) delete s.pid;
  await writeState(state);
  return { stopped, leftPids, leftPorts };
}

/** Removes a lab folder after `down`; refuses a folder that is not a lab's. */
export async function cleanLabDir(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  if (!existsSync(statePath(dir)) && !existsSync(join(dir, 'secrets.env'))) {
    throw new DrError('lab.not-a-lab', `${dir} does not look like a lab folder (no state.json)`, {
      hint: 'pass the lab folder with --dir, or remove it yourself',
    });
  }
  await rm(dir, { recursive: true, force: true });
}
