/**
 * The lab's Kubernetes API, spoken to by the real @kubernetes/client-node (and kubectl when it is
 * installed), over real HTTP connections.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  VersionApi,
  Watch,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  kubeconfigYaml,
  startKubeApi,
  type KubeApiServer,
  type KubeChange,
  type KubeObject,
} from '../../src/lab/kube/index.js';

const ns = 'odoo';
let dir: string;
let api: KubeApiServer;
let kc: KubeConfig;
let apps: AppsV1Api;
let core: CoreV1Api;

const patchAs = (strategy: PatchStrategy) => setHeaderOptions('Content-Type', strategy);

function deployment(name: string, replicas = 1, labels: Record<string, string> = {}): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'web', image: 'lab/erp-app:1', ports: [{ containerPort: 8069 }] }],
        },
      },
    },
  };
}

/** The fields of a failure's Status the tests read. */
interface StatusBody {
  reason: string;
  message: string;
  details: { causes?: { field: string }[] };
}

/** The HTTP code and Status body of a request that must fail. */
async function failure(request: Promise<unknown>): Promise<{ code: number; status: StatusBody }> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    return { code: error.code, status: JSON.parse(error.body as string) as StatusBody };
  }
  throw new Error('the request succeeded');
}

async function until<T>(probe: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-lab-kube-'));
  api = await startKubeApi({ name: 'region-a', stateFile: join(dir, 'region-a.json') });
  kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml([{ name: 'region-a', server: api.url, namespace: ns }]));
  apps = kc.makeApiClient(AppsV1Api);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('discovery', () => {
  test('version, and client-node finds kinds through /api and /apis', async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.major).toBe('1');
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const found = await objects.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    expect(found.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': ns });
    const resources = (await fetch(`${api.url}/apis/apps/v1`).then((r) => r.json())) as {
      resources: { name: string; shortNames?: string[] }[];
    };
    const names = resources.resources.map((r) => r.name);
    expect(names).toEqual(['deployments', 'deployments/status', 'deployments/scale']);
    expect(resources.resources[0]?.shortNames).toEqual(['deploy']);
  });
});

describe('deployments', () => {
  test('create, get, list with selectors; a second create is 409 AlreadyExists', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('web', 1, { tier: 'front' }),
    });
    expect(created.metadata?.namespace).toBe(ns);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.generation).toBe(1);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(created.status).toEqual({});

    const again = await failure(
      apps.createNamespacedDeployment({ namespace: ns, body: deployment('web') }),
    );
    expect(again.code).toBe(409);
    expect(again.status).toMatchObject({
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });

    const read = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    const byLabel = await apps.listNamespacedDeployment({
      namespace: ns,
      labelSelector: 'tier=front',
    });
    expect(byLabel.items.map((d) => d.metadata?.name)).toEqual(['web']);
    const none = await apps.listNamespacedDeployment({
      namespace: ns,
      labelSelector: 'tier in (back)',
    });
    expect(none.items).toEqual([]);
    const byName = await apps.listDeploymentForAllNamespaces({
      fieldSelector: 'metadata.name=web',
    });
    expect(byName.items.map((d) => d.metadata?.namespace)).toEqual([ns]);
  });

  test('a missing object is 404 NotFound, shaped as the real Status', async () => {
    const missing = await failure(apps.readNamespacedDeployment({ name: 'nope', namespace: ns }));
    expect(missing.code).toBe(404);
    expect(missing.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  test('merge, strategic and json patches', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('patched') });
    const merged = await apps.patchNamespacedDeployment(
      { name: 'patched', namespace: ns, body: { metadata: { labels: { tier: 'back' } } } },
      patchAs(PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ app: 'patched', tier: 'back' });
    expect(merged.metadata?.generation).toBe(1); // metadata only

    const sidecar = { name: 'proxy', image: 'traefik:3' };
    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: ns,
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'web', image: 'lab/erp-app:2' }, sidecar] } },
          },
        },
      },
      patchAs(PatchStrategy.StrategicMergePatch),
    );
    const containers = strategic.spec?.template.spec?.containers;
    expect(containers).toEqual([
      { name: 'web', image: 'lab/erp-app:2', ports: [{ containerPort: 8069 }] },
      sidecar,
    ]);
    expect(strategic.metadata?.generation).toBe(2);

    const jsonPatched = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: ns,
        body: [
          { op: 'test', path: '/spec/replicas', value: 1 },
          { op: 'replace', path: '/spec/replicas', value: 3 },
          { op: 'remove', path: '/spec/template/spec/containers/1' },
        ],
      },
      patchAs(PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.spec?.replicas).toBe(3);
    expect(jsonPatched.spec?.template.spec?.containers.map((c) => c.name)).toEqual(['web']);

    const failedTest = await failure(
      apps.patchNamespacedDeployment(
        {
          name: 'patched',
          namespace: ns,
          body: [{ op: 'test', path: '/spec/replicas', value: 1 }],
        },
        patchAs(PatchStrategy.JsonPatch),
      ),
    );
    expect(failedTest.code).toBe(422);
    expect(failedTest.status.reason).toBe('Invalid');
  });

  test('server-side apply creates, updates, and drops the fields its manager stopped setting', async () => {
    const applied = { ...deployment('applied', 2, { tier: 'front' }) };
    const apply = (body: V1Deployment) =>
      apps.patchNamespacedDeployment(
        { name: 'applied', namespace: ns, body, fieldManager: 'dr-test', force: true },
        patchAs(PatchStrategy.ServerSideApply),
      );
    const created = await apply(applied);
    expect(created.metadata?.uid).toBeDefined();
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'dr-test',
      operation: 'Apply',
    });

    const updated = await apply(deployment('applied', 4));
    expect(updated.metadata?.uid).toBe(created.metadata?.uid);
    expect(updated.spec?.replicas).toBe(4);
    expect(updated.metadata?.labels).toEqual({ app: 'applied' }); // tier is no longer applied

    const unchanged = await apply(deployment('applied', 4));
    expect(unchanged.metadata?.resourceVersion).toBe(updated.metadata?.resourceVersion);

    const noManager = await failure(
      apps.patchNamespacedDeployment(
        { name: 'applied', namespace: ns, body: deployment('applied') },
        patchAs(PatchStrategy.ServerSideApply),
      ),
    );
    expect(noManager.code).toBe(422);
  });

  test('the scale subresource reads and writes spec.replicas', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('scaled', 1) });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'scaled', namespace: ns });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=scaled' },
    });

    const patched = await apps.patchNamespacedDeploymentScale(
      { name: 'scaled', namespace: ns, body: { spec: { replicas: 4 } } },
      patchAs(PatchStrategy.MergePatch),
    );
    expect(patched.spec?.replicas).toBe(4);
    const afterPatch = await apps.readNamespacedDeployment({ name: 'scaled', namespace: ns });
    expect(afterPatch.spec?.replicas).toBe(4);
    expect(afterPatch.metadata?.generation).toBe(2);

    const replaced = await apps.replaceNamespacedDeploymentScale({
      name: 'scaled',
      namespace: ns,
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name: 'scaled', namespace: ns },
        spec: { replicas: 0 },
      },
    });
    expect(replaced.spec?.replicas).toBe(0);
    expect(
      (await apps.readNamespacedDeployment({ name: 'scaled', namespace: ns })).spec?.replicas,
    ).toBe(0);

    const negative = await failure(
      apps.patchNamespacedDeploymentScale(
        { name: 'scaled', namespace: ns, body: { spec: { replicas: -1 } } },
        patchAs(PatchStrategy.MergePatch),
      ),
    );
    expect(negative.code).toBe(422);

    const dryRun = await apps.patchNamespacedDeploymentScale(
      { name: 'scaled', namespace: ns, body: { spec: { replicas: 5 } }, dryRun: 'All' },
      patchAs(PatchStrategy.MergePatch),
    );
    expect(dryRun.spec?.replicas).toBe(5);
    expect(api.get('apps/v1', 'Deployment', ns, 'scaled')?.spec).toMatchObject({ replicas: 0 });
  });

  test('a replace with a stale resourceVersion is 409 Conflict', async () => {
    const first = await apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('raced'),
    });
    await apps.replaceNamespacedDeployment({
      name: 'raced',
      namespace: ns,
      body: { ...first, spec: { ...first.spec!, replicas: 2 } },
    });
    const stale = await failure(
      apps.replaceNamespacedDeployment({
        name: 'raced',
        namespace: ns,
        body: { ...first, spec: { ...first.spec!, replicas: 5 } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe('Conflict');
    expect(stale.status.message).toContain('the object has been modified');
    expect(
      (await apps.readNamespacedDeployment({ name: 'raced', namespace: ns })).spec?.replicas,
    ).toBe(2);
    // The programmatic API holds to the same rule.
    expect(() => api.put(first as KubeObject)).toThrow(/has been modified/);
  });

  test('status belongs to the controller: spec writes keep it, status writes keep spec', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('owned', 2) });
    const withStatus = api.updateStatus('apps/v1', 'Deployment', ns, 'owned', {
      replicas: 2,
      readyReplicas: 2,
    });
    expect(withStatus.metadata.generation).toBe(1);

    const live = await apps.readNamespacedDeployment({ name: 'owned', namespace: ns });
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'owned',
      namespace: ns,
      body: { ...live, spec: { ...live.spec!, replicas: 3 }, status: { readyReplicas: 99 } },
    });
    expect(replaced.status).toEqual({ replicas: 2, readyReplicas: 2 });
    expect(replaced.spec?.replicas).toBe(3);

    const viaStatus = await apps.replaceNamespacedDeploymentStatus({
      name: 'owned',
      namespace: ns,
      body: { ...replaced, spec: { ...replaced.spec!, replicas: 7 }, status: { readyReplicas: 1 } },
    });
    expect(viaStatus.spec?.replicas).toBe(3);
    expect(viaStatus.status).toEqual({ readyReplicas: 1 });
    expect(api.get('apps/v1', 'Deployment', ns, 'owned')?.status).toEqual({ readyReplicas: 1 });
  });

  test('delete answers a Success Status; the object is gone', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('doomed'),
    });
    const status = await apps.deleteNamespacedDeployment({ name: 'doomed', namespace: ns });
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'doomed', group: 'apps', kind: 'deployments', uid: created.metadata?.uid },
    });
    expect(
      (await failure(apps.readNamespacedDeployment({ name: 'doomed', namespace: ns }))).code,
    ).toBe(404);
    expect(api.get('apps/v1', 'Deployment', ns, 'doomed')).toBeUndefined();
  });
});

describe('ingresses and IngressRoutes', () => {
  test('an Ingress through NetworkingV1Api', async () => {
    const networking = kc.makeApiClient(NetworkingV1Api);
    const rule = {
      host: 'erp.example.com',
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: 'web', port: { number: 8069 } } },
          },
        ],
      },
    };
    await networking.createNamespacedIngress({
      namespace: ns,
      body: { metadata: { name: 'erp' }, spec: { ingressClassName: 'traefik', rules: [rule] } },
    });
    const patched = await networking.patchNamespacedIngress(
      {
        name: 'erp',
        namespace: ns,
        body: { metadata: { annotations: { 'dr/active': 'region-a' } } },
      },
      patchAs(PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.annotations).toEqual({ 'dr/active': 'region-a' });
    expect(patched.spec?.rules?.[0]?.host).toBe('erp.example.com');
    const listed = await networking.listNamespacedIngress({ namespace: ns });
    expect(listed.items.map((i) => i.metadata?.name)).toEqual(['erp']);
    await networking.deleteNamespacedIngress({ name: 'erp', namespace: ns });
    expect((await networking.listNamespacedIngress({ namespace: ns })).items).toEqual([]);
  });

  test('an IngressRoute through CustomObjectsApi', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const at = { group: 'traefik.io', version: 'v1alpha1', namespace: ns, plural: 'ingressroutes' };
    const route = {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'erp' },
      spec: {
        entryPoints: ['web'],
        routes: [
          {
            match: 'Host(`erp.example.com`)',
            kind: 'Rule',
            services: [{ name: 'web', port: 8069 }],
          },
        ],
      },
    };
    await custom.createNamespacedCustomObject({ ...at, body: route });
    const read = await custom.getNamespacedCustomObject({ ...at, name: 'erp' });
    expect(read.spec.routes[0].services).toEqual([{ name: 'web', port: 8069 }]);

    const patched = await custom.patchNamespacedCustomObject(
      {
        ...at,
        name: 'erp',
        body: {
          spec: {
            routes: [
              {
                match: 'Host(`erp.example.com`)',
                kind: 'Rule',
                services: [{ name: 'web-b', port: 8069 }],
              },
            ],
          },
        },
      },
      patchAs(PatchStrategy.MergePatch),
    );
    expect(patched.spec.routes[0].services).toEqual([{ name: 'web-b', port: 8069 }]);
    expect(patched.spec.entryPoints).toEqual(['web']);
    const strategic = await failure(
      custom.patchNamespacedCustomObject(
        { ...at, name: 'erp', body: {} },
        patchAs(PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(strategic.code).toBe(415);

    const listed = (await custom.listNamespacedCustomObject(at)) as { items: KubeObject[] };
    expect(listed.items.map((i) => [i.kind, i.metadata.name])).toEqual([['IngressRoute', 'erp']]);
    await custom.deleteNamespacedCustomObject({ ...at, name: 'erp' });
    expect(api.list('traefik.io/v1alpha1', 'IngressRoute', ns)).toEqual([]);
  });
});

describe('watches and change listeners', () => {
  const watched = 'watched';

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: watched } } });
    await apps.createNamespacedDeployment({ namespace: watched, body: deployment('before') });
  });

  test('a Watch sees the current objects, then ADDED, MODIFIED and DELETED in order', async () => {
    const events: string[] = [];
    let ended: unknown;
    const controller = await new Watch(kc).watch(
      `/apis/apps/v1/namespaces/${watched}/deployments`,
      {},
      (type: string, object: V1Deployment) =>
        events.push(`${type} ${object.metadata?.name} ${object.spec?.replicas}`),
      (error: unknown) => (ended = error ?? 'ended'),
    );
    await until(() => (events.length === 1 ? true : undefined), 'the initial ADDED');
    await apps.createNamespacedDeployment({ namespace: watched, body: deployment('during') });
    await apps.patchNamespacedDeploymentScale(
      { name: 'during', namespace: watched, body: { spec: { replicas: 2 } } },
      patchAs(PatchStrategy.MergePatch),
    );
    await apps.deleteNamespacedDeployment({ name: 'during', namespace: watched });
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('elsewhere') });
    await until(() => (events.length >= 4 ? true : undefined), 'four events');
    expect(events).toEqual([
      'ADDED before 1',
      'ADDED during 1',
      'MODIFIED during 2',
      'DELETED during 2',
    ]);
    expect(ended).toBeUndefined();
    controller.abort();
  });

  test('a Watch from a resourceVersion replays only what came after it', async () => {
    const list = await apps.listNamespacedDeployment({ namespace: watched });
    await apps.createNamespacedDeployment({ namespace: watched, body: deployment('later') });
    const events: string[] = [];
    const controller = await new Watch(kc).watch(
      `/apis/apps/v1/namespaces/${watched}/deployments`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string, object: V1Deployment) => events.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    await until(() => (events.length > 0 ? true : undefined), 'the replayed event');
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(['ADDED later']);
    controller.abort();
  });

  test('timeoutSeconds ends a watch; close() ends the rest', async () => {
    const started = Date.now();
    const response = await fetch(`${api.url}/api/v1/namespaces?watch=true&timeoutSeconds=1`);
    const text = await response.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type),
    ).toContain('ADDED');

    const other = await startKubeApi({ name: 'short-lived' });
    const otherConfig = new KubeConfig();
    otherConfig.loadFromString(kubeconfigYaml([{ name: 'short-lived', server: other.url }]));
    let ended = false;
    await new Watch(otherConfig).watch(
      '/api/v1/namespaces',
      {},
      () => undefined,
      () => (ended = true),
    );
    await other.close();
    await until(() => (ended ? true : undefined), 'the watch to end');
  });

  test('onChange reports API writes', async () => {
    const seen: KubeChange[] = [];
    const stop = api.onChange((change) => seen.push(change));
    await apps.createNamespacedDeployment({ namespace: watched, body: deployment('noticed') });
    await apps.deleteNamespacedDeployment({ name: 'noticed', namespace: watched });
    stop();
    await apps.createNamespacedDeployment({ namespace: watched, body: deployment('unnoticed') });
    expect(seen.map((c) => `${c.type} ${c.object.kind} ${c.object.metadata.name}`)).toEqual([
      'ADDED Deployment noticed',
      'DELETED Deployment noticed',
    ]);
  });
});

describe('errors at the protocol level', () => {
  const reasonOf = async (response: Response) => ((await response.json()) as StatusBody).reason;
  const deployments = () => `${api.url}/apis/apps/v1/namespaces/${ns}/deployments`;

  test('415 for an unknown patch type, 405 for a verb the resource lacks, 400 for bad JSON', async () => {
    const unknownPatch = await fetch(`${deployments()}/web`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(unknownPatch.status).toBe(415);
    expect(await reasonOf(unknownPatch)).toBe('UnsupportedMediaType');
    const postOnName = await fetch(`${deployments()}/web`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(postOnName.status).toBe(405);
    expect(await reasonOf(postOnName)).toBe('MethodNotAllowed');
    const badJson = await fetch(deployments(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(badJson.status).toBe(400);
    expect(await reasonOf(badJson)).toBe('BadRequest');
  });

  test('413 for a body over 1 MiB', async () => {
    const body = JSON.stringify({
      metadata: { name: 'big' },
      data: { blob: 'a'.repeat(1024 * 1024) },
    });
    const response = await fetch(`${api.url}/api/v1/namespaces/${ns}/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
    expect(await reasonOf(response)).toBe('RequestEntityTooLarge');
  });

  test('422 for an invalid object, naming the field', async () => {
    const invalid = { ...deployment('Bad_Name') };
    const response = await failure(
      apps.createNamespacedDeployment({ namespace: ns, body: invalid }),
    );
    expect(response.code).toBe(422);
    expect(response.status.details.causes?.[0]?.field).toBe('metadata.name');
  });
});

describe('the state file', () => {
  test('objects and the resourceVersion counter survive a restart', async () => {
    const file = join(dir, 'restart.json');
    const first = await startKubeApi({ name: 'restart', stateFile: file });
    const created = first.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kept' } });
    await first.close();

    const second = await startKubeApi({ name: 'restart', stateFile: file });
    try {
      const kept = second.get('v1', 'Namespace', undefined, 'kept');
      expect(kept?.metadata.uid).toBe(created.metadata.uid);
      expect(kept?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      const next = second.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'new' } });
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
      // The change history did not survive: a watch from before the restart is told it expired.
      const watch = await fetch(`${second.url}/api/v1/namespaces?watch=true&resourceVersion=1`);
      const [event] = (await watch.text()).trim().split('\n');
      expect(JSON.parse(event ?? '')).toMatchObject({
        type: 'ERROR',
        object: { reason: 'Expired', code: 410 },
      });
    } finally {
      await second.close();
    }
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!kubectl)('kubectl (skipped: kubectl is not on PATH)', () => {
  test('get, scale, get ingress and apply --server-side', async () => {
    const config = join(dir, 'kubeconfig');
    writeFileSync(config, kubeconfigYaml([{ name: 'region-a', server: api.url }]));
    const run = async (...args: string[]) =>
      (
        await promisify(execFile)('kubectl', [
          '--kubeconfig',
          config,
          '--context',
          'region-a',
          '--cache-dir',
          join(dir, 'kube-cache'),
          ...args,
        ])
      ).stdout;

    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: odoo-web, namespace: odoo }',
        'spec: { replicas: 1, selector: { matchLabels: { app: odoo-web } }, template: { metadata: { labels: { app: odoo-web } }, spec: { containers: [{ name: web, image: lab/erp-app }] } } }',
        '---',
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: odoo, namespace: odoo }',
        'spec: { ingressClassName: traefik, rules: [{ host: erp.example.com }] }',
      ].join('\n'),
    );
    expect(await run('apply', '--server-side', '-f', manifest)).toContain(
      'deployment.apps/odoo-web serverside-applied',
    );
    expect(await run('scale', 'deploy/odoo-web', '-n', ns, '--replicas=3')).toContain('scaled');
    expect(await run('get', 'deploy', '-n', ns)).toMatch(/odoo-web\s+0\/3\s+0\s+0\s/);
    expect(await run('get', 'ingress', '-n', ns)).toMatch(/odoo\s+traefik\s+erp\.example\.com/);
    expect(api.get('apps/v1', 'Deployment', ns, 'odoo-web')?.spec).toMatchObject({ replicas: 3 });
  });
});
