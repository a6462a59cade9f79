/**
 * The lab's ERP-like app, one process per replica, started by the lab controller with its
 * configuration in the environment. It exits when its controller goes away (IPC disconnect), so
 * killing a region daemon takes its apps with it.
 */
import { createServer } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { startHeartbeat } from '../../drill/heartbeat.js';
import { appConfigFromEnv } from './config.js';
import { route, type AppDeps } from './handlers.js';

/**
 * The app commits a heartbeat row every 100 ms to its database (once it has one), so that after
 * a restore the newest surviving heartbeat measures the data lost (the achieved RPO).
 */
function keepHeartbeat(connection: pg.ClientConfig): void {
  const attempt = () => {
    startHeartbeat({ connection }).catch(() => setTimeout(attempt, 2_000).unref());
  };
  attempt();
}

function main(): void {
  const config = appConfigFromEnv(process.env);
  const pool = new pg.Pool({
    ...config.pg,
    max: 5,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 5000,
  });
  pool.on('error', () => undefined);
  const s3 = new S3Client({
    endpoint: config.s3.endpoint,
    region: config.s3.region,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const deps: AppDeps = { config, pool, s3 };
  const server = createServer((req, res) => {
    route(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'x-dr-region': config.region });
      res.end(JSON.stringify({ error: String(error), region: config.region }));
    });
  });
  keepHeartbeat(config.pg);
  server.listen(config.port, '127.0.0.1', () => {
    process.stdout.write(`app ${config.region} listening on 127.0.0.1:${config.port}\n`);
  });
  const stop = () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main();
