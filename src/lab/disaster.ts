import { DrError, ExitCode } from '../contract/errors.js';
import { readApps } from './apps-file.js';
import { livePostmaster, regionCluster } from './pg-region.js';
import { portOpen } from './ports.js';
import { descendants, killTree, sameProcess, waitGone } from './processes.js';
import { REGIONS, requireState, writeState, type RegionName } from './state.js';

/** What a disaster killed, and the proof that it is gone. */
export interface DisasterResult {
  region: RegionName;
  at: string;
  killed: { what: string; pid: number }[];
  leftPids: number[];
  openPorts: number[];
}

/** Parses a region argument, or fails naming the regions there are. */
export function parseRegion(value: string): RegionName {
  const region = REGIONS.find((r) => r === value);
  if (!region) {
    throw new DrError('lab.unknown-region', `unknown region "${value}"`, {
      exitCode: ExitCode.usage,
      hint: `regions: ${REGIONS.join(', ')}`,
    });
  }
  return region;
}

/**
 * Kills a region for real: SIGKILL to its database (postmaster and backends), its region daemon
 * (Kubernetes API, entry point) and its apps. Nothing is shut down cleanly, as in a power cut.
 */
export async function labDisaster(dir: string, region: RegionName): Promise<DisasterResult> {
  const state = await requireState(dir);
  const at = new Date().toISOString();
  const killed: { what: string; pid: number }[] = [];
  const pgPid = await livePostmaster(regionCluster(dir, state, region));
  const daemon = state.services.find((s) => s.name === `daemon-${region}`);
  const apps = await readApps(dir, region);
  const targets: { what: string; pid: number }[] = [];
  if (pgPid) targets.push({ what: `postgres-${region}`, pid: pgPid });
  if (daemon?.pid && sameProcess(daemon.pid, daemon.startTicks))
    targets.push({ what: daemon.name, pid: daemon.pid });
  for (const app of apps) targets.push({ what: `app ${app.pod}`, pid: app.pid });
  const all = targets.flatMap((t) => [t.pid, ...descendants(t.pid)]);
  for (const t of targets) {
    await killTree(t.pid);
    killed.push(t);
  }
  const leftPids = await waitGone(all, 5000);
  const r = state.regions[region];
  const ports = [r.pgPort, r.kubePort, r.entryPort, ...apps.map((a) => a.port)];
  // A killed process's sockets close a moment after it is gone: look again for up to 3 s.
  let openPorts: number[] = [];
  for (let attempt = 0; attempt < 15; attempt++) {
    openPorts = [];
    for (const port of ports) if (await portOpen(port, 300)) openPorts.push(port);
    if (openPorts.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const s of state.services) if (s.region === region) delete s.pid;
  await writeState(state);
  return { region, at, killed, leftPids, openPorts };
}
