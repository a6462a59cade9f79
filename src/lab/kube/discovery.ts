/** API discovery documents, in the legacy (non-aggregated) form every client falls back to. */
import { apiVersionOf, groupVersions, resourceTypes, type ResourceType } from './resources.js';

/** `/version`: a 1.32 server, as `kubectl version` expects to parse it. */
export function versionInfo(): Record<string, unknown> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-dr-lab',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string): Record<string, unknown> {
  const versions = groupVersions()
    .filter((gv) => gv.group === name)
    .map((gv) => ({ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }));
  return { name, versions, preferredVersion: versions[0] };
}

/** `/apis`: every named group. */
export function groupList(): Record<string, unknown> {
  const names = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map(apiGroup) };
}

/** `/apis/<group>`, or undefined for a group not served. */
export function groupOf(group: string): Record<string, unknown> | undefined {
  if (!groupVersions().some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const main = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
  };
  const subVerbs = (['get', 'patch', 'update'] as const).filter((v) => type.verbs.includes(v));
  const sub = { singularName: '', namespaced: type.namespaced, verbs: subVerbs };
  return [
    main,
    ...(type.statusSubresource ? [{ name: `${type.plural}/status`, kind: type.kind, ...sub }] : []),
    ...(type.scaleSubresource
      ? [
          {
            name: `${type.plural}/scale`,
            group: 'autoscaling',
            version: 'v1',
            kind: 'Scale',
            ...sub,
          },
        ]
      : []),
  ];
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined for a group/version not served. */
export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = resourceTypes.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const groupVersion = apiVersionOf(types[0] as ResourceType);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: types.flatMap(resourceEntries),
  };
}

/** `/`: the paths served. */
export function rootPaths(): Record<string, unknown> {
  const paths = ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version'];
  for (const gv of groupVersions().filter((g) => g.group !== '')) {
    paths.push(`/apis/${gv.group}`, `/apis/${gv.group}/${gv.version}`);
  }
  return { paths: paths.sort() };
}
