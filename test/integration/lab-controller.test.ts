import { join } from 'node:path';
import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, inject, it } from 'vitest';
import { readApps, requireState, type AppRecord } from '../../src/lab/index.js';
import { portOpen } from '../../src/lab/ports.js';
import { pidAlive } from '../../src/lab/processes.js';
import { sleep } from '../../src/contract/sleep.js';

const dir = inject('labDir');

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function scale(api: AppsV1Api, replicas: number): Promise<void> {
  const deployment = await api.readNamespacedDeployment({ name: 'odoo-web', namespace: 'odoo' });
  deployment.spec!.replicas = replicas;
  await api.replaceNamespacedDeployment({ name: 'odoo-web', namespace: 'odoo', body: deployment });
}

/**
 * "Started" means: a Deployment scaled to 1 gets an app process, that process runs and its port
 * answers /web/health for region-b; the answer is 503 naming the database while region-b has no
 * database (a failover restores one), and the Deployment reports 1 replica, 0 ready.
 */
describe.skipIf(!dir)('the lab controller, driven through @kubernetes/client-node', () => {
  const labDir = dir ?? '';

  it('starts region-b app processes from replicas and stops them at 0', async () => {
    const state = await requireState(labDir);
    const kc = new KubeConfig();
    kc.loadFromFile(join(labDir, 'kubeconfig.yaml'));
    kc.setCurrentContext('region-b');
    const api = kc.makeApiClient(AppsV1Api);
    expect(
      (await api.readNamespacedDeployment({ name: 'odoo-web', namespace: 'odoo' })).spec?.replicas,
    ).toBe(0);
    expect(await readApps(labDir, 'region-b')).toEqual([]);

    await scale(api, 1);
    const app = await until<AppRecord>('a region-b app', async () => {
      const [a] = await readApps(labDir, 'region-b');
      return a && (await portOpen(a.port)) ? a : undefined;
    });
    expect(pidAlive(app.pid)).toBe(true);
    const res = await fetch(`http://127.0.0.1:${app.port}/web/health`);
    const health = (await res.json()) as { region: string; reason?: string };
    expect(res.headers.get('x-dr-region')).toBe('region-b');
    expect(health.region).toBe('region-b');
    if (res.status === 503) expect(health.reason).toMatch(/^database:/);
    else expect(res.status).toBe(200);
    const status = await until('status.replicas 1', async () => {
      const d = await api.readNamespacedDeployment({ name: 'odoo-web', namespace: 'odoo' });
      return d.status?.replicas === 1 ? d.status : undefined;
    });
    expect(status.readyReplicas ?? 0).toBe(res.status === 200 ? 1 : 0);
    if (res.status === 503) {
      const entry = await fetch(
        `http://127.0.0.1:${state.regions['region-b'].entryPort}/web/health`,
      );
      expect(entry.status).toBe(503);
      expect(((await entry.json()) as { reason: string }).reason).toMatch(/no ready backend/);
    }

    await scale(api, 0);
    await until('the app to stop', async () =>
      !pidAlive(app.pid) && !(await portOpen(app.port)) ? true : undefined,
    );
    await until('status.replicas 0', async () => {
      const d = await api.readNamespacedDeployment({ name: 'odoo-web', namespace: 'odoo' });
      return d.status?.replicas === 0 ? true : undefined;
    });
    expect(await readApps(labDir, 'region-b')).toEqual([]);
  });

  it("routes region-b's entry point by its Ingress, and a Traefik IngressRoute wins", async () => {
    const state = await requireState(labDir);
    const kc = new KubeConfig();
    kc.loadFromFile(join(labDir, 'kubeconfig.yaml'));
    kc.setCurrentContext('region-b');
    const custom = kc.makeApiClient(CustomObjectsApi);
    const entry = `http://127.0.0.1:${state.regions['region-b'].entryPort}/web/health`;
    const reason = async () => ((await (await fetch(entry)).json()) as { reason: string }).reason;
    expect(await reason()).toMatch(/service odoo-web/);
    const route = {
      group: 'traefik.io',
      version: 'v1alpha1',
      namespace: 'odoo',
      plural: 'ingressroutes',
    };
    await custom.createNamespacedCustomObject({
      ...route,
      body: {
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'IngressRoute',
        metadata: { name: 'odoo-elsewhere', namespace: 'odoo' },
        spec: {
          routes: [
            { match: 'PathPrefix(`/`)', kind: 'Rule', services: [{ name: 'elsewhere', port: 80 }] },
          ],
        },
      },
    });
    try {
      expect(await reason()).toBe('service elsewhere not found');
    } finally {
      await custom.deleteNamespacedCustomObject({ ...route, name: 'odoo-elsewhere' });
    }
    expect(await reason()).toMatch(/service odoo-web/);
  });
});
