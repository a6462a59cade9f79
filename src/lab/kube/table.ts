/**
 * The `Table` form kubectl asks for (`Accept: application/json;as=Table;…`), with the columns the
 * real server's printers give the served kinds, so `kubectl get` reads as it does on a cluster.
 */
import { isObject, type JsonObject } from './json.js';
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

type Cell = string | number;
interface Column {
  name: string;
  type: 'string' | 'integer';
  cell: (object: KubeObject) => Cell;
}

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return accept?.includes('as=Table') ?? false;
}

const field = (object: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), object);
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
const text = (value: unknown, fallback = '<none>'): string =>
  typeof value === 'string' && value !== '' ? value : fallback;
const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** Age as kubectl prints it: 45s, 3m12s, 5h, 12d. */
export function humanAge(since: string | undefined, now = Date.now()): string {
  if (since === undefined) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const [m, h, d] = [
    Math.floor(seconds / 60),
    Math.floor(seconds / 3600),
    Math.floor(seconds / 86400),
  ];
  if (seconds < 120) return `${seconds}s`;
  if (m < 10) return seconds % 60 === 0 ? `${m}m` : `${m}m${seconds % 60}s`;
  if (h < 3) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  return `${d}d`;
}

const name: Column = { name: 'Name', type: 'string', cell: (o) => o.metadata.name ?? '' };
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o) => humanAge(o.metadata.creationTimestamp),
};

const columns: Record<string, Column[]> = {
  Deployment: [
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${count(field(o, 'status', 'readyReplicas'))}/${count(field(o, 'spec', 'replicas'))}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: (o) => count(field(o, 'status', 'updatedReplicas')),
    },
    {
      name: 'Available',
      type: 'integer',
      cell: (o) => count(field(o, 'status', 'availableReplicas')),
    },
  ],
  Ingress: [
    { name: 'Class', type: 'string', cell: (o) => text(field(o, 'spec', 'ingressClassName')) },
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) =>
        list(field(o, 'spec', 'rules'))
          .map((r) => text(r.host, '*'))
          .join(',') || '*',
    },
    {
      name: 'Address',
      type: 'string',
      cell: (o) =>
        list(field(o, 'status', 'loadBalancer', 'ingress'))
          .map((i) => text(i.ip ?? i.hostname, ''))
          .join(','),
    },
    {
      name: 'Ports',
      type: 'string',
      cell: (o) => (list(field(o, 'spec', 'tls')).length > 0 ? '80, 443' : '80'),
    },
  ],
  Namespace: [
    { name: 'Status', type: 'string', cell: (o) => text(field(o, 'status', 'phase'), 'Active') },
  ],
  Secret: [
    { name: 'Type', type: 'string', cell: (o) => text(o.type, 'Opaque') },
    { name: 'Data', type: 'integer', cell: (o) => Object.keys(field(o, 'data') ?? {}).length },
  ],
  Service: [
    { name: 'Type', type: 'string', cell: (o) => text(field(o, 'spec', 'type'), 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => text(field(o, 'spec', 'clusterIP')) },
    {
      name: 'Port(s)',
      type: 'string',
      cell: (o) =>
        list(field(o, 'spec', 'ports'))
          .map((p) => `${String(p.port)}/${text(p.protocol, 'TCP')}`)
          .join(',') || '<none>',
    },
  ],
  Pod: [
    { name: 'Status', type: 'string', cell: (o) => text(field(o, 'status', 'phase'), 'Unknown') },
  ],
  Job: [
    {
      name: 'Completions',
      type: 'string',
      cell: (o) =>
        `${count(field(o, 'status', 'succeeded'))}/${count(field(o, 'spec', 'completions')) || 1}`,
    },
  ],
};

/** `body` (an object or a list) as a Table; anything else is returned as it is. */
export function asTable(type: ResourceType, body: unknown): unknown {
  if (!isObject(body)) return body;
  const isList = Array.isArray(body.items);
  if (!isList && body.kind !== type.kind) return body;
  const objects = (isList ? body.items : [body]) as KubeObject[];
  const shown = [name, ...(columns[type.kind] ?? []), age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: isList && isObject(body.metadata) ? body.metadata : {},
    columnDefinitions: shown.map((c) => ({
      name: c.name,
      type: c.type,
      format: c === name ? 'name' : '',
      description: '',
      priority: 0,
    })),
    rows: objects.map((o) => ({
      cells: shown.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
