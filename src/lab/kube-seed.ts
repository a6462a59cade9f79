import { DrError } from '../contract/errors.js';
import type { KubeObject } from './kube/types.js';
import { regionObjects } from './kube-objects.js';
import type { LabSecrets } from './secrets.js';
import { REGIONS, type LabState } from './state.js';

const plurals: Record<string, string> = {
  Namespace: 'namespaces',
  Secret: 'secrets',
  Service: 'services',
  Deployment: 'deployments',
  Ingress: 'ingresses',
  IngressRoute: 'ingressroutes',
};

/** The REST collection path of an object, as kubectl would POST it. */
export function collectionPath(o: KubeObject): string {
  const plural = plurals[o.kind];
  if (!plural) throw new Error(`kube-seed: no path for kind ${o.kind}`);
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = o.kind === 'Namespace' ? '' : `/namespaces/${o.metadata.namespace ?? 'default'}`;
  return `${base}${ns}/${plural}`;
}

/**
 * Creates each object through the region's Kubernetes REST API, in order; an object that exists
 * already (409) is left as it is, so a repairing `up` does not undo a failover's scaling.
 */
export async function createKubeObjects(url: string, objects: KubeObject[]): Promise<number> {
  let created = 0;
  for (const object of objects) {
    const res = await fetch(`${url}${collectionPath(object)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(object),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 409) continue;
    if (!res.ok) {
      throw new DrError(
        'lab.kube-seed-failed',
        `creating ${object.kind} ${object.metadata.name ?? ''} answered ${res.status}`,
        {
          hint: (await res.text()).slice(0, 300),
        },
      );
    }
    created++;
  }
  return created;
}

/** Creates the lab's objects (namespace, secrets, Deployment, Service, Ingress) in each region. */
export async function seedKube(state: LabState, secrets: LabSecrets): Promise<void> {
  for (const region of REGIONS) {
    const url = `http://127.0.0.1:${state.regions[region].kubePort}`;
    await createKubeObjects(url, regionObjects(state, region, secrets));
  }
}
