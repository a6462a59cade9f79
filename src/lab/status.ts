import { labAws, labRoute53 } from './aws.js';
import { readApps, type AppRecord } from './apps-file.js';
import { httpProbe } from './health.js';
import { livePostmaster, regionCluster } from './pg-region.js';
import { portOpen } from './ports.js';
import { resolveLabUrl } from './resolver.js';
import { readSecrets } from './secrets.js';
import { REGIONS, requireState, type LabState, type ServiceState } from './state.js';
import { sameProcess } from './processes.js';

/** One row of `dr lab status`. */
export interface ServiceStatus {
  name: string;
  kind: string;
  region?: string;
  ports: Record<string, number>;
  pid?: number;
  running: boolean;
  health: string;
}

/** `dr lab status`: every service with its health, the apps, where `erp` resolves. */
export interface LabStatus {
  dir: string;
  healthy: boolean;
  services: ServiceStatus[];
  apps: (AppRecord & { region: string })[];
  dns?: { record: string; chain?: string[]; url?: string; error?: string };
}

async function serviceStatus(state: LabState, s: ServiceState): Promise<ServiceStatus> {
  let pid = s.pid && sameProcess(s.pid, s.startTicks) ? s.pid : undefined;
  if (s.kind === 'postgres' && s.region)
    pid = await livePostmaster(regionCluster(state.dir, state, s.region));
  const open = await Promise.all(Object.values(s.ports).map((p) => portOpen(p, 500)));
  const running = pid !== undefined && open.every(Boolean);
  let health = running ? 'ok' : pid === undefined ? 'stopped' : 'ports closed';
  if (s.kind === 'region-daemon' && running && s.region) {
    const probe = await httpProbe(
      `http://127.0.0.1:${state.regions[s.region].entryPort}/web/health`,
    );
    health =
      'status' in probe ? `entry point /web/health ${probe.status}` : `entry point: ${probe.error}`;
  }
  if (s.kind === 'postgres' && !running && s.region === 'region-b')
    health = 'reserved (restore target)';
  return { name: s.name, kind: s.kind, region: s.region, ports: s.ports, pid, running, health };
}

async function dnsStatus(state: LabState): Promise<LabStatus['dns']> {
  if (!state.dns.zoneId) return { record: state.dns.record, error: 'no zone' };
  try {
    const route53 = labRoute53(labAws(state, await readSecrets(state.dir)));
    const o = { route53, zoneId: state.dns.zoneId, entryPorts: state.dns.entryPorts };
    const r = await resolveLabUrl(o, state.dns.record);
    return { record: state.dns.record, chain: r.chain, url: r.url };
  } catch (error) {
    return {
      record: state.dns.record,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Reads the state and probes every service, app and the `erp` record. */
export async function labStatus(dir: string): Promise<LabStatus> {
  const state = await requireState(dir);
  const order = ['moto', 'tls-front', 'postgres', 'region-daemon'];
  const sorted = [...state.services].sort(
    (x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.name.localeCompare(y.name),
  );
  const services = await Promise.all(sorted.map((s) => serviceStatus(state, s)));
  const apps = (
    await Promise.all(
      REGIONS.map(async (r) => (await readApps(dir, r)).map((a) => ({ ...a, region: r }))),
    )
  ).flat();
  const liveApps = apps.filter((a) => sameProcess(a.pid, undefined));
  const healthy = services.every((s) => s.running || s.name === 'postgres-region-b');
  const moto = services.find((s) => s.kind === 'moto');
  return {
    dir,
    healthy,
    services,
    apps: liveApps,
    dns: moto?.running ? await dnsStatus(state) : undefined,
  };
}

/** The status as text lines for a terminal. */
export function formatStatus(s: LabStatus): string {
  const row = (o: { name: string; ports: string; pid?: number; health: string }) =>
    `  ${o.name.padEnd(26)} ${o.ports.padEnd(28)} pid ${String(o.pid ?? '-').padEnd(8)} ${o.health}`;
  const lines = [`lab ${s.dir}: ${s.healthy ? 'up' : 'NOT healthy'}`];
  for (const x of s.services) {
    const ports = Object.entries(x.ports).map(([k, v]) => `${k}:${v}`);
    lines.push(row({ name: x.name, ports: ports.join(' '), pid: x.pid, health: x.health }));
  }
  for (const a of s.apps) {
    const health = a.ready ? 'ready' : `not ready ${JSON.stringify(a.health ?? '')}`;
    lines.push(
      row({ name: `app ${a.region}/${a.pod}`, ports: `http:${a.port}`, pid: a.pid, health }),
    );
  }
  if (s.dns) {
    const chain = s.dns.chain?.join(' -> ') ?? s.dns.record;
    lines.push(`  dns ${chain} = ${s.dns.url ?? s.dns.error ?? ''}`);
  }
  return lines.join('\n');
}
