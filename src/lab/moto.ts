import { join } from 'node:path';
import { waitPortOpen } from './ports.js';
import { processStartTicks, spawnDetached } from './processes.js';
import type { ServiceState } from './state.js';

/** Starts `moto_server` (S3 and Route 53 on one port) and waits until it answers. */
export async function startMoto(o: { dir: string; port: number }): Promise<ServiceState> {
  const log = join(o.dir, 'logs', 'moto.log');
  const pid = spawnDetached({
    argv: ['moto_server', '-H', '127.0.0.1', '-p', String(o.port)],
    logFile: log,
  });
  await waitPortOpen({ port: o.port, what: 'moto_server', timeoutMs: 30_000, log });
  return {
    name: 'moto',
    kind: 'moto',
    ports: { http: o.port },
    pid,
    startTicks: processStartTicks(pid),
    log,
    startedAt: new Date().toISOString(),
  };
}
