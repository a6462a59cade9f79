/** The shapes the lab's Kubernetes API speaks: plain JSON objects, as on the wire. */

/** `metadata` of a stored object; everything else an object carries is kept as given. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** A Kubernetes object as JSON: `apiVersion`, `kind`, `metadata`, and whatever else it has. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** One change to the stored objects, as a watch reports it. */
export interface KubeChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** Options of {@link startKubeApi}. */
export interface KubeApiOptions {
  /** A name for this API (a region, say): used in messages and in `/version`. */
  name: string;
  /** Address to listen on; loopback by default. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** JSON file the objects are kept in: loaded at start, rewritten atomically after each change. */
  stateFile?: string;
}

/** A running lab Kubernetes API. */
export interface KubeApiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** The stored object, or undefined. Same data the API serves. */
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Stored objects of a kind, in one namespace or in all. */
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /**
   * Create or replace an object, as a POST or PUT would: bumps `resourceVersion`, keeps the stored
   * `status` of kinds that have a status subresource, and rejects a stale `resourceVersion`.
   */
  put(object: KubeObject): KubeObject;
  /** Replace the `status` of an object, as a PUT on its `/status` would. */
  updateStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: unknown,
  ): KubeObject;
  /** Calls `listener` after every change, API or programmatic; returns the unsubscribe function. */
  onChange(listener: (change: KubeChange) => void): () => void;
  /** Ends every watch, closes every connection, writes the state file. */
  close(): Promise<void>;
}
