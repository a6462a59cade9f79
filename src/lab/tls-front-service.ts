import { join } from 'node:path';
import { waitPortOpen } from './ports.js';
import { processStartTicks, spawnDetached } from './processes.js';
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
  const pid = spawnDetached({ argv, logFile: log });
  await waitPortOpen({ port: o.port, what: 'the TLS front', timeoutMs: 15_000, log });
  return {
    name: 'tls-front',
    kind: 'tls-front',
    ports: { https: o.port },
    pid,
    startTicks: processStartTicks(pid),
    log,
    startedAt: new Date().toISOString(),
  };
}
