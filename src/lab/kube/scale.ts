/** The `/scale` subresource: a Deployment seen as an autoscaling/v1 Scale. */
import { isObject } from './json.js';
import type { ObjectOperations, WriteOptions } from './object-operations.js';
import type { ResourceType } from './resources.js';
import { badRequest, invalid } from './status.js';
import type { KubeObject } from './types.js';
import { replicasErrors } from './validation.js';
import { checkPreconditions } from './write-rules.js';

/** The label selector of a Deployment as the string a Scale reports (`app=web,tier=front`). */
function selectorString(spec: Record<string, unknown>): string {
  const selector = isObject(spec.selector) ? spec.selector : {};
  const labels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${String(labels[key])}`)
    .join(',');
}

/** The Scale of a Deployment. */
export function scaleOf(deployment: KubeObject): KubeObject {
  const spec = isObject(deployment.spec) ? deployment.spec : {};
  const status = isObject(deployment.status) ? deployment.status : {};
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: selectorString(spec),
    },
  };
}

/** Writes `scale.spec.replicas` to the Deployment; returns the new Scale. */
export function writeScale(
  objects: ObjectOperations,
  target: WriteOptions & { type: ResourceType; namespace: string | undefined; name: string },
  scale: unknown,
): KubeObject {
  const { type, namespace, name } = target;
  if (!isObject(scale)) throw badRequest('the request body must be a JSON object');
  const live = objects.read(type, namespace, name);
  checkPreconditions(type, live, isObject(scale.metadata) ? scale.metadata : {});
  const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined;
  const errors = replicasErrors(replicas);
  if (errors.length > 0) throw invalid({ kind: 'Scale', group: 'autoscaling' }, name, errors);
  const spec = isObject(live.spec) ? live.spec : {};
  const next = { ...live, spec: { ...spec, replicas } };
  return scaleOf(objects.update(type, namespace, name, next, target));
}
