import { join } from 'node:path';
import { startService } from './start-service.js';
import { labScriptPath } from './scripts.js';
import type { ServiceState } from './state.js';
import { ensureSelfSignedCert } from './tls-cert.js';

/** Starts the TLS front (a Node process) that lets pgBackRest reach moto's S3 over TLS. */
export async function startTlsFront(o: {
  dir: string;
  port: number;
  targetPort: number;
}): Promise<ServiceState> {
  const tls = await ensureSelfSignedCert(o.dir);
  const log = join(o.dir, 'logs', 'tls-front.log');
  const argv = [process.execPath, labScriptPath('tls-front'), '--listen', String(o.port)];
  argv.push('--target', String(o.targetPort), '--cert', tls.cert, '--key', tls.key);
  return startService({
    name: 'tls-front',
    kind: 'tls-front',
    argv,
    ports: { https: o.port },
    log,
    what: 'the TLS front',
    timeoutMs: 15_000,
  });
}
