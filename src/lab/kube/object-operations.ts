/**
 * The verbs on stored objects, with the real server's semantics, shared by the HTTP API and the
 * lab controller's programmatic access: both go through here, so both bump resourceVersion, keep
 * status apart from spec, and are seen by watches.
 */
import type { ObjectStore } from './object-store.js';
import { namespaceType, resourceTypes, type ResourceType } from './resources.js';
import { alreadyExists, notFound } from './status.js';
import type { KubeObject } from './types.js';
import {
  checkPreconditions,
  prepareCreate,
  prepareStatusUpdate,
  prepareUpdate,
} from './write-rules.js';

/** `dryRun`: compute and answer as if stored, store nothing. */
export interface WriteOptions {
  dryRun?: boolean;
}

/** Preconditions a delete may carry (DeleteOptions.preconditions). */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

export class ObjectOperations {
  constructor(readonly store: ObjectStore) {}

  /** The live object, or 404. */
  read(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(type, type.namespaced ? namespace : undefined, name);
    if (found === undefined) throw notFound(type, name);
    return found;
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ) {
    const object = prepareCreate(type, body, namespace);
    const { namespace: ns, name = '' } = object.metadata;
    if (type.namespaced && this.store.get(namespaceType, undefined, ns ?? '') === undefined) {
      throw notFound(namespaceType, ns ?? '');
    }
    if (this.store.get(type, ns, name) !== undefined) throw alreadyExists(type, name);
    return options.dryRun ? object : this.store.commit(type, object);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ) {
    const next = prepareUpdate(type, this.read(type, namespace, name), body);
    return options.dryRun ? next : this.store.commit(type, next);
  }

  updateStatus(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ) {
    const next = prepareStatusUpdate(type, this.read(type, namespace, name), body);
    return options.dryRun ? next : this.store.commit(type, next);
  }

  /** Deletes an object (a namespace with everything in it); returns its last state. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: WriteOptions & { preconditions?: DeletePreconditions } = {},
  ): KubeObject {
    const live = this.read(type, namespace, name);
    checkPreconditions(type, live, options.preconditions ?? {});
    if (options.dryRun) return live;
    // The real server empties a namespace in the background (phase Terminating); here at once.
    if (type === namespaceType) this.deleteContents(name);
    return this.store.remove(type, live.metadata.namespace, name) ?? live;
  }

  private deleteContents(namespace: string): void {
    for (const type of resourceTypes.filter((t) => t.namespaced)) {
      for (const object of this.store.list(type, namespace)) {
        this.store.remove(type, namespace, object.metadata.name ?? '');
      }
    }
  }
}
