import { waitPortOpen } from './ports.js';
import { processStartTicks, spawnDetached } from './processes.js';
import type { ServiceState } from './state.js';

/** What a lab service is and how to start it. */
export interface ServiceSpec {
  name: string;
  kind: ServiceState['kind'];
  region?: ServiceState['region'];
  argv: string[];
  cwd?: string;
  /** Named ports the service listens on; it is up when every one answers. */
  ports: Record<string, number>;
  log: string;
  /** How messages name it: "moto_server", "the region-a daemon". */
  what: string;
  timeoutMs: number;
}

/** Starts a detached lab service, waits until each of its ports answers, and returns its state. */
export async function startService(spec: ServiceSpec): Promise<ServiceState> {
  const pid = spawnDetached({
    argv: spec.argv,
    logFile: spec.log,
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
  });
  for (const port of Object.values(spec.ports)) {
    await waitPortOpen({ port, what: spec.what, timeoutMs: spec.timeoutMs, log: spec.log });
  }
  return {
    name: spec.name,
    kind: spec.kind,
    ...(spec.region ? { region: spec.region } : {}),
    ports: spec.ports,
    pid,
    startTicks: processStartTicks(pid),
    log: spec.log,
    startedAt: new Date().toISOString(),
  };
}
