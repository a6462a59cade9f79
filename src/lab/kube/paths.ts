/** Request paths of the Kubernetes REST API, parsed into what they address. */
import { typeByPath, type ResourceType } from './resources.js';

/** A path addressing objects: a collection, one object, or one of its subresources. */
export interface ObjectRoute {
  kind: 'objects';
  type: ResourceType;
  /** Undefined for cluster-scoped types, and for a namespaced type listed across namespaces. */
  namespace: string | undefined;
  name: string | undefined;
  subresource: 'status' | 'scale' | undefined;
}

export type Route =
  | { kind: 'root' | 'version' | 'health' | 'api' | 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'openapi'; path: string | undefined }
  | { kind: 'resources'; group: string; version: string }
  | ObjectRoute;

/** What `pathname` addresses, or undefined (404). */
export function parseRoute(pathname: string): Route | undefined {
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [first, second, third, ...rest] = parts;
  if (first === undefined) return { kind: 'root' };
  if (parts.length === 1 && first === 'version') return { kind: 'version' };
  if (parts.length === 1 && ['healthz', 'livez', 'readyz'].includes(first))
    return { kind: 'health' };
  if (first === 'openapi' && second === 'v3') {
    return { kind: 'openapi', path: parts.length > 2 ? parts.slice(2).join('/') : undefined };
  }
  if (first === 'api') {
    if (second === undefined) return { kind: 'api' };
    if (second !== 'v1') return undefined;
    return third === undefined
      ? { kind: 'resources', group: '', version: 'v1' }
      : objectRoute('', 'v1', parts.slice(2));
  }
  if (first !== 'apis') return undefined;
  if (second === undefined) return { kind: 'apis' };
  if (third === undefined) return { kind: 'group', group: second };
  return rest.length === 0
    ? { kind: 'resources', group: second, version: third }
    : objectRoute(second, third, rest);
}

/** Subresources of a namespace, which share the shape of `namespaces/<ns>/<plural>`. */
const namespaceSubresources = new Set(['status', 'finalize']);

function objectRoute(group: string, version: string, parts: string[]): ObjectRoute | undefined {
  const inNamespace =
    parts[0] === 'namespaces' &&
    parts.length >= 3 &&
    !(parts.length === 3 && namespaceSubresources.has(parts[2] ?? ''));
  const [namespace, plural, name, subresource, ...extra] = inNamespace
    ? parts.slice(1)
    : [undefined, ...parts];
  if (extra.length > 0 || plural === undefined) return undefined;
  const type = typeByPath(group, version, plural);
  if (type === undefined) return undefined;
  if (inNamespace ? !type.namespaced : type.namespaced && name !== undefined) return undefined;
  if (subresource !== undefined && !hasSubresource(type, subresource)) return undefined;
  return {
    kind: 'objects',
    type,
    namespace,
    name,
    subresource: subresource as ObjectRoute['subresource'],
  };
}

function hasSubresource(type: ResourceType, subresource: string): boolean {
  return (
    (subresource === 'status' && type.statusSubresource) ||
    (subresource === 'scale' && type.scaleSubresource)
  );
}
