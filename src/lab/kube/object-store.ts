/**
 * The stored objects, keyed by resource type, namespace and name, with the global
 * resourceVersion counter. Every commit bumps the counter and is published on the change feed;
 * a write that changes nothing is not a commit.
 */
import { ChangeFeed } from './change-feed.js';
import { cloneJson, jsonEqual, without } from './json.js';
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** What a write must change to be a commit: not the resourceVersion, not managedFields times. */
function comparable(object: KubeObject): unknown {
  const { managedFields } = object.metadata;
  const entries = Array.isArray(managedFields) ? (managedFields as Record<string, unknown>[]) : [];
  const metadata = {
    ...without(object.metadata, 'resourceVersion'),
    managedFields: entries.map((e) => without(e, 'time')),
  };
  return { ...object, metadata };
}

export class ObjectStore {
  private readonly objects = new Map<ResourceType, Map<string, KubeObject>>();
  private current: number;
  readonly feed: ChangeFeed;

  constructor(revision = 0) {
    this.current = revision;
    this.feed = new ChangeFeed(revision);
  }

  /** The latest resourceVersion, as a number. */
  revision(): number {
    return this.current;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(type)?.get(keyOf(namespace, name));
    return found === undefined ? undefined : cloneJson(found);
  }

  /** Objects of a type in one namespace (or all), ordered by namespace then name as etcd would. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(type)?.entries() ?? [])];
    return all
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => cloneJson(o));
  }

  /** Stores a new or changed object under a new resourceVersion; returns what was stored. */
  commit(type: ResourceType, object: KubeObject): KubeObject {
    const { namespace, name = '' } = object.metadata;
    const bucket = this.bucket(type);
    const previous = bucket.get(keyOf(namespace, name));
    if (previous !== undefined && jsonEqual(comparable(object), comparable(previous))) {
      return cloneJson(previous);
    }
    const stored = this.stamp(object);
    bucket.set(keyOf(namespace, name), stored);
    this.publish(previous === undefined ? 'ADDED' : 'MODIFIED', type, stored, previous);
    return cloneJson(stored);
  }

  /** Removes an object; the DELETED event carries it under the deletion's resourceVersion. */
  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.bucket(type);
    const previous = bucket.get(keyOf(namespace, name));
    if (previous === undefined) return undefined;
    bucket.delete(keyOf(namespace, name));
    const gone = this.stamp(previous);
    this.publish('DELETED', type, gone, previous);
    return cloneJson(gone);
  }

  /** Puts an object back as it was saved, resourceVersion included, without an event. */
  restore(type: ResourceType, object: KubeObject): void {
    this.bucket(type).set(keyOf(object.metadata.namespace, object.metadata.name ?? ''), object);
  }

  /** Every stored object, for the state file. */
  all(): KubeObject[] {
    return [...this.objects.values()].flatMap((bucket) => [...bucket.values()]);
  }

  private stamp(object: KubeObject): KubeObject {
    this.current += 1;
    const stored = cloneJson(object);
    stored.metadata.resourceVersion = String(this.current);
    return stored;
  }

  private publish(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    resource: ResourceType,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    this.feed.publish({ type, resource, object, previous, revision: this.current });
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.objects.get(type);
    if (bucket === undefined) this.objects.set(type, (bucket = new Map<string, KubeObject>()));
    return bucket;
  }
}
