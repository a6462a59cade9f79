/**
 * List answers: `<Kind>List` with the current resourceVersion, filtered by selectors, paged by
 * `limit` and `continue`. Items of built-in kinds carry no apiVersion and kind, as on the real
 * server; items of custom resources do.
 */
import type { ObjectStore } from './object-store.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { selectorsOf } from './selectors.js';
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

/** The objects a list request selects, in storage order. */
export function selectedObjects(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
): KubeObject[] {
  const matches = selectorsOf(query);
  return store.list(type, namespace).filter(matches);
}

/** A `<Kind>List` of `items`. */
export function listOf(
  type: ResourceType,
  items: KubeObject[],
  metadata: Record<string, unknown>,
): Record<string, unknown> {
  const shown = type.custom ? items : items.map(({ apiVersion: _v, kind: _k, ...rest }) => rest);
  return { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata, items: shown };
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

function startAfter(token: string | null): string | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      start?: unknown;
    };
    if (typeof parsed.start === 'string') return parsed.start;
  } catch {
    // answered below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/** The answer to a list request. */
export function listResponse(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
): Record<string, unknown> {
  const start = startAfter(query.get('continue'));
  const all = selectedObjects(store, type, namespace, query).filter(
    (o) => start === undefined || keyOf(o) > start,
  );
  const limit = Number(query.get('limit') ?? 0);
  const page = limit > 0 ? all.slice(0, limit) : all;
  const metadata: Record<string, unknown> = { resourceVersion: String(store.revision()) };
  const last = page.at(-1);
  if (page.length < all.length && last !== undefined) {
    metadata.continue = Buffer.from(JSON.stringify({ start: keyOf(last) })).toString('base64url');
    metadata.remainingItemCount = all.length - page.length;
  }
  return listOf(type, page, metadata);
}
