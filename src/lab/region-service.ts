import { join } from 'node:path';
import { regionLayout } from './layout.js';
import { startService } from './start-service.js';
import { labScriptPath } from './scripts.js';
import type { LabState, RegionName, ServiceState } from './state.js';

/** Starts a region daemon (Kubernetes API + controller + entry point) and waits for its ports. */
export async function startRegionDaemon(o: {
  dir: string;
  state: LabState;
  region: RegionName;
}): Promise<ServiceState> {
  const r = o.state.regions[o.region];
  const layout = regionLayout(o.dir, o.region);
  const log = join(o.dir, 'logs', `daemon-${o.region}.log`);
  const argv = [process.execPath, labScriptPath('region-daemon'), '--region', o.region];
  argv.push('--kube-port', String(r.kubePort), '--entry-port', String(r.entryPort));
  argv.push('--state-file', layout.kubeState, '--log-dir', join(o.dir, 'logs'));
  argv.push('--apps-file', layout.apps);
  return startService({
    name: `daemon-${o.region}`,
    kind: 'region-daemon',
    region: o.region,
    argv,
    cwd: o.dir,
    ports: { kube: r.kubePort, entry: r.entryPort },
    log,
    what: `the ${o.region} daemon`,
    timeoutMs: 20_000,
  });
}
