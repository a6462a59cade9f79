/** One HTTP request to the lab Kubernetes API: routed, answered, failures turned into Status. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as discovery from './discovery.js';
import { readBody, sendJson, sendStatus } from './http-io.js';
import { handleObjects } from './object-handlers.js';
import type { ObjectOperations } from './object-operations.js';
import { parseRoute, type ObjectRoute, type Route } from './paths.js';
import { selectorsOf } from './selectors.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { badRequest, methodNotAllowed, pathNotFound, statusOf } from './status.js';
import { asTable, wantsTable } from './table.js';
import type { WatchHub } from './watch.js';

/** What a request is served from. */
export interface RouterContext {
  objects: ObjectOperations;
  watches: WatchHub;
  /** host:port, as `/api` reports it. */
  serverAddress: string;
}

/** Serves one request; never rejects. */
export async function handleRequest(
  context: RouterContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    await route(context, request, response);
  } catch (error) {
    if (response.headersSent) response.end();
    else sendStatus(response, statusOf(error));
  }
}

async function route(context: RouterContext, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://lab.invalid');
  const target = parseRoute(url.pathname);
  if (target === undefined) throw pathNotFound();
  if (target.kind !== 'objects') {
    if (request.method !== 'GET') throw methodNotAllowed();
    if (target.kind === 'health') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    const document = discoveryDocument(context, target);
    if (document === undefined) throw pathNotFound();
    sendJson(response, 200, document);
    return;
  }
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  if (request.method === 'GET' && watch) {
    const table = wantsTable(request.headers.accept);
    serveWatch(context, { target, query: url.searchParams, table }, response);
    return;
  }
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method ?? '');
  const answer = handleObjects(context.objects, {
    method: request.method ?? 'GET',
    route: target,
    query: url.searchParams,
    contentType: request.headers['content-type'],
    body: hasBody ? await readBody(request) : '',
  });
  const table = request.method === 'GET' && wantsTable(request.headers.accept);
  sendJson(response, answer.code, table ? asTable(target.type, answer.body) : answer.body);
}

function discoveryDocument(context: RouterContext, target: Exclude<Route, ObjectRoute>) {
  switch (target.kind) {
    case 'root':
      return discovery.rootPaths();
    case 'version':
      return discovery.versionInfo();
    case 'api':
      return discovery.coreVersions(context.serverAddress);
    case 'apis':
      return discovery.groupList();
    case 'group':
      return discovery.groupOf(target.group);
    case 'resources':
      return discovery.resourceList(target.group, target.version);
    case 'openapi':
      return target.path === undefined ? openApiIndex() : openApiDocument(target.path);
    case 'health':
      return undefined;
  }
}

function serveWatch(
  context: RouterContext,
  { target, query, table }: { target: ObjectRoute; query: URLSearchParams; table: boolean },
  response: ServerResponse,
) {
  const { type, namespace, name, subresource } = target;
  if (subresource !== undefined || !type.verbs.includes('watch')) throw methodNotAllowed();
  const selected = selectorsOf(query);
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  if (!Number.isInteger(timeout) || timeout < 0) {
    throw badRequest(`invalid timeoutSeconds: ${query.get('timeoutSeconds')}`);
  }
  context.watches.serve(response, {
    type,
    namespace,
    // The deprecated form `…/<name>?watch=true` watches one object.
    matches: (o) => (name === undefined || o.metadata.name === name) && selected(o),
    resourceVersion: query.get('resourceVersion'),
    timeoutSeconds: timeout === 0 ? undefined : timeout,
    sendInitialEvents: query.get('sendInitialEvents') === 'true',
    table,
  });
}
