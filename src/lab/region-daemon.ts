/**
 * A region daemon: one process per lab region hosting that region's Kubernetes API, the lab
 * controller (Deployment replicas → app processes) and the region's entry point (ingress proxy).
 * Run as `node region-daemon.js --region R --kube-port P --entry-port P --state-file F
 * --log-dir D --apps-file F`. Killing it (the disaster) takes the region's API, entry point and
 * apps down at once.
 */
import { parseArgs } from 'node:util';
import { startController } from './controller.js';
import { startEntryPoint } from './entry-point.js';
import { startKubeApi } from './kube/server.js';

function daemonArgs() {
  return parseArgs({
    options: {
      region: { type: 'string' },
      'kube-port': { type: 'string' },
      'entry-port': { type: 'string' },
      'state-file': { type: 'string' },
      'log-dir': { type: 'string' },
      'apps-file': { type: 'string' },
    },
  }).values;
}

async function main(): Promise<void> {
  const values = daemonArgs();
  const region = values.region ?? 'region';
  const api = await startKubeApi({
    name: region,
    host: '127.0.0.1',
    port: Number(values['kube-port']),
    stateFile: values['state-file'],
  });
  const controller = startController({
    api,
    logDir: values['log-dir'] ?? '.',
    appsFile: values['apps-file'] ?? `apps-${region}.json`,
  });
  const entry = await startEntryPoint({
    api,
    controller,
    region,
    port: Number(values['entry-port']),
  });
  process.stdout.write(
    `region daemon ${region}: kube ${api.url}, entry point port ${values['entry-port']}\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 8000).unref();
    entry.close();
    void controller
      .stop()
      .then(() => api.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `region daemon failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
