import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labAws, labRoute53, labS3 } from './aws.js';
import { ensureBucket } from './buckets.js';
import { checkLabDeps } from './deps.js';
import { cleanLabDir, labDown } from './down.js';
import { seedFilestore, type Attachment } from './filestore.js';
import { serviceAlive } from './health.js';
import { writeInventoryFiles } from './inventory.js';
import { seedKube } from './kube-seed.js';
import { startTlsFront } from './tls-front-service.js';
import { startMoto } from './moto.js';
import { newLabState } from './new-state.js';
import { prepareRegion } from './pg-region.js';
import { seedPrimary, startPrimary } from './primary.js';
import type { Progress } from './progress.js';
import { startRegionDaemon } from './region-service.js';
import { servingRegion } from './serving-region.js';
import { ensureLabZone } from './route53-zone.js';
import { labScriptPath } from './scripts.js';
import {
  generateSecrets,
  readSecrets,
  secretsPath,
  writeSecrets,
  type LabSecrets,
} from './secrets.js';
import { findService, putService, readState, REGIONS, writeState, type LabState } from './state.js';
import { waitRegionHealthy } from './wait-healthy.js';

/** What `up` did: the state, whether the lab was already up, and how long it took. */
export interface UpResult {
  state: LabState;
  alreadyUp: boolean;
  started: string[];
  elapsedMs: number;
}

const repoRoot = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  ...(import.meta.url.includes('/dist/') ? ['..'] : []),
);

async function awsServices(ctx: UpContext): Promise<void> {
  const { state, dir, progress } = ctx;
  if (!(await serviceAlive(findService(state, 'moto')))) {
    putService(state, await startMoto({ dir, port: state.motoPort }));
    ctx.started.push('moto');
    progress(`moto_server (S3, Route 53) up on 127.0.0.1:${state.motoPort}`);
  }
  if (!(await serviceAlive(findService(state, 'tls-front')))) {
    putService(
      state,
      await startTlsFront({ dir, port: state.tlsPort, targetPort: state.motoPort }),
    );
    ctx.started.push('tls-front');
    progress(`TLS front for pgBackRest up on 127.0.0.1:${state.tlsPort}`);
  }
  const s3 = labS3(labAws(state, ctx.secrets));
  for (const r of REGIONS) {
    await ensureBucket(s3, { bucket: state.regions[r].backupBucket, region: state.awsRegion });
    await ensureBucket(s3, {
      bucket: state.regions[r].filestoreBucket,
      region: state.awsRegion,
      versioning: true,
    });
  }
  if (ctx.fresh) {
    const filestores = REGIONS.map((r) => state.regions[r].filestoreBucket);
    ctx.attachments = await seedFilestore(s3, { buckets: filestores, count: 12 });
  }
  state.dns.zoneId = await ensureLabZone(labRoute53(labAws(state, ctx.secrets)), {
    regions: [...REGIONS],
    primary: 'region-a',
  });
  progress(`buckets, filestore seed and Route 53 zone ${state.dns.zone} ready`);
}

interface UpContext {
  dir: string;
  state: LabState;
  secrets: LabSecrets;
  progress: Progress;
  started: string[];
  attachments: Attachment[];
  /** A new lab (no state before): seed the filestore and the database. */
  fresh: boolean;
}

async function postgresServices(ctx: UpContext): Promise<{ config: string; fresh: boolean }> {
  const { service, config, fresh } = await startPrimary(ctx);
  if (!(await serviceAlive(findService(ctx.state, service.name)))) ctx.started.push(service.name);
  putService(ctx.state, service);
  await prepareRegion({ ...ctx, region: 'region-b' });
  putService(ctx.state, {
    name: 'postgres-region-b',
    kind: 'postgres',
    region: 'region-b',
    ports: { postgres: ctx.state.regions['region-b'].pgPort },
  });
  ctx.progress(
    `PostgreSQL 15 region-a up on 127.0.0.1:${service.ports.postgres}${fresh ? ' (new cluster)' : ''}`,
  );
  return { config, fresh };
}

async function regionDaemons(ctx: UpContext): Promise<void> {
  await Promise.all(
    REGIONS.map(async (region) => {
      if (await serviceAlive(findService(ctx.state, `daemon-${region}`))) return;
      putService(ctx.state, await startRegionDaemon({ ...ctx, region }));
      ctx.started.push(`daemon-${region}`);
      ctx.progress(
        `${region} daemon up: Kubernetes API :${ctx.state.regions[region].kubePort}, entry point :${ctx.state.regions[region].entryPort}`,
      );
    }),
  );
}

async function loadOrCreate(dir: string) {
  const existing = await readState(dir);
  if (existing && existsSync(secretsPath(dir))) {
    return { state: existing, secrets: await readSecrets(dir), fresh: false };
  }
  const state = await newLabState(dir);
  const secrets = generateSecrets();
  await writeSecrets(dir, secrets);
  return { state, secrets, fresh: true };
}

/** Starts or repairs every service, seeds what is new, writes the inventory, waits for region-a. */
async function buildLab(ctx: UpContext): Promise<void> {
  const save = () => writeState(ctx.state);
  const [, pg] = await Promise.all([
    awsServices(ctx).finally(save),
    postgresServices(ctx).finally(save),
  ]);
  const seed = async () => {
    if (!pg.fresh) return;
    await seedPrimary({ ...ctx, config: pg.config });
    ctx.progress('database odoo seeded, stanza created, full backup taken');
  };
  await Promise.all([seed(), regionDaemons(ctx).finally(save)]);
  await seedKube(ctx.state, ctx.secrets);
  await writeInventoryFiles(ctx.state, repoRoot);
  await save();
  ctx.progress('inventory.yaml, kubeconfig.yaml and secrets.env written');
  const serving = await servingRegion(ctx.state, ctx.secrets);
  await waitRegionHealthy(ctx.state, serving, 60_000);
  ctx.progress(`${serving} serves /web/health through its entry point`);
}

/**
 * Brings the lab up in `dir`, or repairs it: each service that already runs is kept, each missing
 * one is started. The state file is written after every service, so `down` can always clean up.
 * When moto is gone (after `down`, say) the S3 and Route 53 data went with it: the lab is rebuilt
 * from nothing, since a database whose backups and files are gone is no estate to drill on.
 */
export async function labUp(o: { dir: string; progress: Progress }): Promise<UpResult> {
  const t0 = Date.now();
  await checkLabDeps();
  labScriptPath('region-daemon');
  const previous = await readState(o.dir);
  if (previous && !(await serviceAlive(findService(previous, 'moto')))) {
    o.progress(
      'moto is not running, so S3 and Route 53 are empty: rebuilding the lab from nothing',
    );
    await labDown(o.dir);
    await cleanLabDir(o.dir);
  }
  await mkdir(join(o.dir, 'logs'), { recursive: true });
  await chmod(o.dir, 0o755); // the postgres user must traverse it
  const { state, secrets, fresh } = await loadOrCreate(o.dir);
  const ctx: UpContext = {
    dir: o.dir,
    state,
    secrets,
    fresh,
    progress: o.progress,
    started: [],
    attachments: [],
  };
  try {
    await buildLab(ctx);
  } finally {
    await writeState(state);
  }
  const elapsedMs = Date.now() - t0;
  return { state, alreadyUp: ctx.started.length === 0, started: ctx.started, elapsedMs };
}
