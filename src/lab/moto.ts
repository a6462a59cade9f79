import { join } from 'node:path';
import { startService } from './start-service.js';
import type { ServiceState } from './state.js';

/** Starts `moto_server` (S3 and Route 53 on one port) and waits until it answers. */
export async function startMoto(o: { dir: string; port: number }): Promise<ServiceState> {
  const log = join(o.dir, 'logs', 'moto.log');
  return startService({
    name: 'moto',
    kind: 'moto',
    argv: ['moto_server', '-H', '127.0.0.1', '-p', String(o.port)],
    ports: { http: o.port },
    log,
    what: 'moto_server',
    timeoutMs: 30_000,
  });
}
