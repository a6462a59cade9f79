import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { kubeconfigYaml } from './kube/server.js';
import { FILESTORE_PREFIX } from './filestore.js';
import { DATABASE, DB_USER, PG_OS_USER, relativeRegionLayout, STANZA } from './layout.js';
import { PG_BIN_DIR } from './deps.js';
import { LAB_RECORD, LAB_ZONE, regionHost } from './route53-zone.js';
import { REGIONS, type LabState, type RegionName } from './state.js';
import { DEPLOYMENT, INGRESS, NAMESPACE } from './kube-objects.js';

function environment(state: LabState, region: RegionName) {
  const r = state.regions[region];
  const layout = relativeRegionLayout(region);
  return {
    peer: r.peer,
    aws: {
      region: state.awsRegion,
      endpoint: `http://127.0.0.1:${state.motoPort}`,
      accessKeyId: '${{ secrets.AWS_ACCESS_KEY_ID }}',
      secretAccessKey: '${{ secrets.AWS_SECRET_ACCESS_KEY }}',
    },
    kubernetes: {
      kubeconfig: 'kubeconfig.yaml',
      context: region,
      namespace: NAMESPACE,
      deployment: DEPLOYMENT,
      ingress: INGRESS,
    },
    postgres: {
      host: '127.0.0.1',
      port: r.pgPort,
      database: DATABASE,
      user: DB_USER,
      password: '${{ secrets.PG_PASSWORD }}',
      dataDirectory: layout.dataDir,
      socketDirectory: layout.socketDir,
      binDirectory: PG_BIN_DIR,
      osUser: PG_OS_USER,
    },
    pgbackrest: { stanza: STANZA, config: layout.pgbackrestConfig },
    filestore: { bucket: r.filestoreBucket, prefix: FILESTORE_PREFIX },
    app: { url: `http://127.0.0.1:${r.entryPort}` },
    dns: { zone: LAB_ZONE, record: LAB_RECORD, target: regionHost(region) },
  };
}

/** The lab's inventory as a plain object, in the shape `schema/inventory.schema.json` describes. */
export function labInventory(
  state: LabState,
  runbooks: { failover?: string } = {},
): Record<string, unknown> {
  return {
    apiVersion: 'dr/v1',
    kind: 'Inventory',
    metadata: { name: 'lab' },
    settings: { allowExec: false, secretsFile: 'secrets.env' },
    ...(runbooks.failover ? { runbooks } : {}),
    environments: Object.fromEntries(REGIONS.map((r) => [r, environment(state, r)])),
  };
}

/** The repository's lab runbook, so that `dr failover region-b` needs no --runbook in the lab. */
function labRunbooks(state: LabState, repoRoot: string | undefined): { failover?: string } {
  const failover = repoRoot ? join(repoRoot, 'runbooks', 'lab-failover.yaml') : undefined;
  return failover && existsSync(failover) ? { failover: relative(state.dir, failover) } : {};
}

/** Writes `inventory.yaml` and `kubeconfig.yaml` (contexts region-a, region-b) into the lab folder. */
export async function writeInventoryFiles(state: LabState, repoRoot?: string): Promise<void> {
  const schema = repoRoot ? join(repoRoot, 'schema', 'inventory.schema.json') : undefined;
  const header =
    schema && existsSync(schema)
      ? `# yaml-language-server: $schema=${relative(state.dir, schema)}\n`
      : '';
  const note =
    "# Written by `dr lab up`: where the lab's two regions are. Secrets live in secrets.env.\n";
  await writeFile(
    join(state.dir, 'inventory.yaml'),
    `${header}${note}${stringify(labInventory(state, labRunbooks(state, repoRoot)))}`,
  );
  const contexts = REGIONS.map((r) => ({
    name: r,
    server: `http://127.0.0.1:${state.regions[r].kubePort}`,
    namespace: NAMESPACE,
  }));
  await writeFile(join(state.dir, 'kubeconfig.yaml'), kubeconfigYaml(contexts));
}
