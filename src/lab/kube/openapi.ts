/**
 * A minimal OpenAPI v3 description: for each served kind, its PATCH operation and the
 * `fieldValidation` parameter. kubectl reads exactly this to learn that the server validates
 * fields itself; without it `kubectl apply` refuses to run unless given `--validate=false`.
 * There are no schemas: `kubectl explain` has nothing to show.
 */
import { apiVersionOf, groupVersions, resourceTypes, type ResourceType } from './resources.js';

function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** `/openapi/v3`: where each group/version's document is. */
export function openApiIndex(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const path = groupVersionPath(group, version);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}` };
  }
  return { paths };
}

function objectPath(type: ResourceType): string {
  const base = `/${groupVersionPath(type.group, type.version)}`;
  const scope = type.namespaced ? '/namespaces/{namespace}' : '';
  return `${base}${scope}/${type.plural}/{name}`;
}

function patchOperation(type: ResourceType): Record<string, unknown> {
  const query = (name: string) => ({
    name,
    in: 'query',
    schema: { type: 'string' },
    uniqueItems: true,
  });
  return {
    operationId: `patch${type.kind}`,
    parameters: [query('dryRun'), query('fieldManager'), query('fieldValidation'), query('force')],
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': {
      group: type.group,
      kind: type.kind,
      version: type.version,
    },
  };
}

/** `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`; undefined for any other path. */
export function openApiDocument(path: string): Record<string, unknown> | undefined {
  const types = resourceTypes.filter((t) => groupVersionPath(t.group, t.version) === path);
  const first = types[0];
  if (first === undefined) return undefined;
  const paths = Object.fromEntries(types.map((t) => [objectPath(t), { patch: patchOperation(t) }]));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: apiVersionOf(first) },
    paths,
    components: {},
  };
}
