import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initCluster, startCluster } from './postgres/cluster.js';
import { archiveCommand, backup, stanzaCreate } from './postgres/pgbackrest.js';
import { ensureAppDatabase, ensureSchema } from './database.js';
import type { Attachment } from './filestore.js';
import { DATABASE, DB_USER, regionLayout, STANZA } from './layout.js';
import { clearZombieLock, livePostmaster, prepareRegion, regionCluster } from './pg-region.js';
import { processStartTicks } from './processes.js';
import type { LabSecrets } from './secrets.js';
import type { LabState, ServiceState } from './state.js';

/** Settings of the lab's primary: WAL archived through pgBackRest, every 5 s at the latest. */
function primarySettings(config: string): Record<string, string> {
  return {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_command: archiveCommand({ config, stanza: STANZA }),
    archive_timeout: '5s',
    password_encryption: 'scram-sha-256',
    max_connections: '60',
    shared_buffers: '32MB',
    max_wal_size: '256MB',
  };
}

/** Initialises (once) and starts region-a's primary; returns its service entry. */
export async function startPrimary(o: {
  dir: string;
  state: LabState;
  secrets: LabSecrets;
}): Promise<{ service: ServiceState; config: string; fresh: boolean }> {
  const region = 'region-a' as const;
  const config = await prepareRegion({ ...o, region });
  const cluster = regionCluster(o.dir, o.state, region);
  const fresh = !existsSync(join(cluster.dataDir, 'PG_VERSION'));
  if (fresh) {
    await initCluster(cluster, {
      superPassword: o.secrets.PG_SUPER_PASSWORD,
      settings: primarySettings(config),
    });
  }
  await clearZombieLock(cluster);
  const pid =
    (await livePostmaster(cluster)) ?? (await startCluster(cluster, { timeoutMs: 60_000 })).pid;
  const service: ServiceState = {
    name: `postgres-${region}`,
    kind: 'postgres',
    region,
    ports: { postgres: cluster.port },
    pid,
    startTicks: processStartTicks(pid),
    log: regionLayout(o.dir, region).pgLog,
    startedAt: new Date().toISOString(),
  };
  return { service, config, fresh };
}

/** Creates the app's database and tables, the pgBackRest stanza, and takes a full backup. */
export async function seedPrimary(o: {
  state: LabState;
  secrets: LabSecrets;
  config: string;
  attachments: Attachment[];
}): Promise<void> {
  const port = o.state.regions['region-a'].pgPort;
  await ensureAppDatabase(
    { port, password: o.secrets.PG_SUPER_PASSWORD },
    { database: DATABASE, user: DB_USER, password: o.secrets.PG_PASSWORD },
  );
  await ensureSchema(
    { host: '127.0.0.1', port, database: DATABASE, user: DB_USER, password: o.secrets.PG_PASSWORD },
    o.attachments,
  );
  const osUser = regionCluster('', o.state, 'region-a').osUser;
  await stanzaCreate({ config: o.config, stanza: STANZA, osUser });
  await backup({ config: o.config, stanza: STANZA, type: 'full', osUser });
}
