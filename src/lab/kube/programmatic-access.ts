/**
 * The lab controller's direct access to the stored objects: the same operations the HTTP API
 * runs, so resourceVersion, status ownership and watch events are the same either way.
 */
import { without } from './json.js';
import type { ObjectOperations } from './object-operations.js';
import { typeByKind, type ResourceType } from './resources.js';
import { pathNotFound } from './status.js';
import type { KubeApiServer, KubeObject } from './types.js';

export type ProgrammaticAccess = Pick<
  KubeApiServer,
  'get' | 'list' | 'put' | 'updateStatus' | 'onChange'
>;

function typeOf(apiVersion: string, kind: string): ResourceType {
  const type = typeByKind(apiVersion, kind);
  if (type === undefined) throw pathNotFound();
  return type;
}

/** Create or replace, as a POST or PUT would. */
function put(objects: ObjectOperations, object: KubeObject): KubeObject {
  const type = typeOf(object.apiVersion, object.kind);
  const namespace = type.namespaced ? object.metadata.namespace || 'default' : undefined;
  const name = object.metadata.name ?? '';
  if (objects.store.get(type, namespace, name) !== undefined) {
    return objects.update(type, namespace, name, object);
  }
  const metadata = without(object.metadata, 'resourceVersion');
  return objects.create(type, namespace, { ...object, metadata });
}

/** Direct access through `objects`. */
export function programmaticAccess(objects: ObjectOperations): ProgrammaticAccess {
  const { store } = objects;
  return {
    get: (apiVersion, kind, namespace, name) => {
      const type = typeOf(apiVersion, kind);
      return store.get(type, type.namespaced ? namespace : undefined, name);
    },
    list: (apiVersion, kind, namespace) => store.list(typeOf(apiVersion, kind), namespace),
    put: (object) => put(objects, object),
    updateStatus: (apiVersion, kind, namespace, name, status) => {
      const body = { apiVersion, kind, metadata: {}, status };
      return objects.updateStatus(typeOf(apiVersion, kind), namespace, name, body);
    },
    onChange: (listener) =>
      store.feed.subscribe(({ type, object }) =>
        listener({ type, object: structuredClone(object) }),
      ),
  };
}
