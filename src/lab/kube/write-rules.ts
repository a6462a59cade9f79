/**
 * What a write turns into before it is stored, as the real server's create and update
 * strategies do: type and namespace checks, identity fields the server owns, status kept apart
 * from spec, defaults, validation, and `generation` bumped when anything but metadata changes.
 */
import { randomUUID } from 'node:crypto';
import { applyDefaults, initialStatus } from './defaults.js';
import { cloneJson, isObject, jsonEqual, without } from './json.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { badRequest, conflict } from './status.js';
import type { KubeObject } from './types.js';
import { validateObject } from './validation.js';

/** Now, at the second, as the server writes timestamps. */
export function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `body` as an object of `type`, apiVersion and kind checked and filled in; a copy. */
export function asObjectOf(type: ResourceType, body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  const expected = apiVersionOf(type);
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    const message = `the API version in the data (${JSON.stringify(body.apiVersion)}) does not match the expected API version (${expected})`;
    throw badRequest(message);
  }
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${JSON.stringify(body.kind)}) does not match the expected kind (${type.kind})`,
    );
  }
  const metadata = isObject(body.metadata) ? body.metadata : {};
  return cloneJson({ ...body, apiVersion: expected, kind: type.kind, metadata });
}

function placeInNamespace(type: ResourceType, object: KubeObject, namespace: string | undefined) {
  if (!type.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  const own = object.metadata.namespace;
  if (namespace !== undefined && own !== undefined && own !== '' && own !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  object.metadata.namespace = namespace ?? (own || 'default');
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += nameAlphabet[Math.floor(Math.random() * nameAlphabet.length)];
  }
  return `${prefix}${suffix}`;
}

/** The object a create stores (without resourceVersion, which the store assigns). */
export function prepareCreate(type: ResourceType, body: unknown, namespace: string | undefined) {
  const object = asObjectOf(type, body);
  placeInNamespace(type, object, namespace);
  const meta = object.metadata;
  if (meta.resourceVersion) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName);
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp();
  meta.generation = 1;
  if (type.statusSubresource) object.status = initialStatus(type);
  applyDefaults(type, object);
  validateObject(type, object);
  return object;
}

/** Refuses a write whose resourceVersion or uid precondition the live object does not meet. */
export function checkPreconditions(
  type: ResourceType,
  live: KubeObject,
  wanted: { resourceVersion?: unknown; uid?: unknown },
): void {
  const name = live.metadata.name ?? '';
  if (wanted.uid && wanted.uid !== live.metadata.uid) {
    const why = `Precondition failed: UID in precondition: ${JSON.stringify(wanted.uid)}, UID in object meta: ${live.metadata.uid ?? ''}`;
    throw conflict(type, name, why);
  }
  if (wanted.resourceVersion && wanted.resourceVersion !== live.metadata.resourceVersion) {
    throw conflict(type, name);
  }
}

function checkName(object: KubeObject, live: KubeObject): void {
  const own = object.metadata.name;
  if (own !== undefined && own !== '' && own !== live.metadata.name) {
    throw badRequest(
      `the name of the object (${own}) does not match the name on the URL (${live.metadata.name ?? ''})`,
    );
  }
  object.metadata.name = live.metadata.name;
}

/** The object an update of the main resource stores: `body` over the server-owned fields of `live`. */
export function prepareUpdate(type: ResourceType, live: KubeObject, body: unknown): KubeObject {
  const object = asObjectOf(type, body);
  placeInNamespace(type, object, live.metadata.namespace);
  checkName(object, live);
  checkPreconditions(type, live, object.metadata);
  const meta = object.metadata;
  meta.uid = live.metadata.uid;
  meta.creationTimestamp = live.metadata.creationTimestamp;
  meta.resourceVersion = live.metadata.resourceVersion;
  meta.generation = live.metadata.generation ?? 1;
  meta.managedFields ??= live.metadata.managedFields;
  if (meta.managedFields === undefined) delete meta.managedFields;
  if (type.statusSubresource) {
    if (live.status === undefined) delete object.status;
    else object.status = live.status;
  }
  applyDefaults(type, object);
  validateObject(type, object);
  if (!jsonEqual(without(object, 'metadata'), without(live, 'metadata'))) meta.generation += 1;
  return object;
}

/** The object an update of `/status` stores: `live` with the status of `body`, nothing else. */
export function prepareStatusUpdate(
  type: ResourceType,
  live: KubeObject,
  body: unknown,
): KubeObject {
  const object = asObjectOf(type, body);
  checkName(object, live);
  checkPreconditions(type, live, object.metadata);
  const next = cloneJson(live);
  if (object.status === undefined) delete next.status;
  else next.status = object.status;
  return next;
}
