/** The resource types the lab serves, as the real API server's discovery describes them. */

export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** One resource type: enough to route, discover, store and name it in errors. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower-case: the path segment and the `kind` of error details. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly Verb[];
  shortNames: readonly string[];
  categories: readonly string[];
  /** Has a `/status` subresource: main-resource writes keep `status`, status writes keep the rest. */
  statusSubresource: boolean;
  /** Has a `/scale` subresource served as autoscaling/v1 Scale. */
  scaleSubresource: boolean;
  /** A custom resource: no strategic merge patch, list items keep apiVersion and kind. */
  custom: boolean;
  /** A delete answers with the deleted object rather than a `Status`, as pods and services do. */
  returnsDeletedObject: boolean;
}

const allVerbs: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function resource(
  gv: string,
  kind: string,
  plural: string,
  extra: Partial<ResourceType> = {},
): ResourceType {
  const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
  return {
    group: group ?? '',
    version: version ?? gv,
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    verbs: allVerbs,
    shortNames: [],
    categories: [],
    statusSubresource: false,
    scaleSubresource: false,
    custom: false,
    returnsDeletedObject: false,
    ...extra,
  };
}

/** Every served resource type. */
export const resourceTypes: readonly ResourceType[] = [
  resource('v1', 'Namespace', 'namespaces', {
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    statusSubresource: true,
    returnsDeletedObject: true,
  }),
  resource('v1', 'Service', 'services', {
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
    returnsDeletedObject: true,
  }),
  resource('v1', 'Secret', 'secrets'),
  // Pods exist for the lab controller to publish; through the API they are read-only.
  resource('v1', 'Pod', 'pods', {
    verbs: ['get', 'list', 'watch'],
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    returnsDeletedObject: true,
  }),
  resource('apps/v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    scaleSubresource: true,
  }),
  resource('networking.k8s.io/v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    statusSubresource: true,
  }),
  resource('batch/v1', 'Job', 'jobs', { categories: ['all'], statusSubresource: true }),
  resource('traefik.io/v1alpha1', 'IngressRoute', 'ingressroutes', { custom: true }),
];

/** `apiVersion` of a resource type: `v1` for the core group, `group/version` otherwise. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `deployments.apps`, `namespaces`: how the real server names a resource in messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

/** The type served at a group/version/plural, if any. */
export function typeByPath(group: string, version: string, plural: string) {
  return resourceTypes.find(
    (t) => t.group === group && t.version === version && t.plural === plural,
  );
}

/** The type of an `apiVersion` and `kind`, if served. */
export function typeByKind(apiVersion: string, kind: string) {
  return resourceTypes.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** The group/versions served, in discovery order (core first). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of resourceTypes) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

/** The namespace resource type, which namespaced writes depend on. */
export const namespaceType = typeByKind('v1', 'Namespace') as ResourceType;
