/**
 * What the real server fills in that clients rely on: the status a new object starts with, and
 * the few spec defaults `dr` and kubectl read back. Everything else is stored as sent.
 */
import { isObject } from './json.js';
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

/** The status an object of a kind with a status subresource starts with. */
export function initialStatus(type: ResourceType): Record<string, unknown> {
  switch (type.kind) {
    case 'Namespace':
      return { phase: 'Active' };
    case 'Pod':
      return { phase: 'Pending' };
    case 'Service':
    case 'Ingress':
      return { loadBalancer: {} };
    default:
      return {};
  }
}

/** Fills in defaults in place, as the server does on every write. */
export function applyDefaults(type: ResourceType, object: KubeObject): void {
  if (type.group === 'apps' && type.kind === 'Deployment') defaultDeployment(object);
  if (type.group === '' && type.kind === 'Secret') defaultSecret(object);
  if (type.group === '' && type.kind === 'Namespace') defaultNamespace(object);
}

function defaultDeployment(object: KubeObject): void {
  const spec = isObject(object.spec) ? object.spec : (object.spec = {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
  };
}

/** `stringData` is write-only: the server folds it into `data`, base64-encoded. */
function defaultSecret(object: KubeObject): void {
  object.type ??= 'Opaque';
  if (!isObject(object.stringData)) return;
  const data = isObject(object.data) ? object.data : {};
  for (const [key, value] of Object.entries(object.stringData)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  object.data = data;
  delete object.stringData;
}

function defaultNamespace(object: KubeObject): void {
  const name = object.metadata.name ?? '';
  object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': name };
  object.spec ??= { finalizers: ['kubernetes'] };
}
