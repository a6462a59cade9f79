/** The HTTP verbs on object paths, mapped to the operations, with the real server's answers. */
import { serverSideApply } from './apply.js';
import { mediaTypeOf } from './http-io.js';
import { isObject } from './json.js';
import { listOf, listResponse, selectedObjects } from './list.js';
import { mergePatch } from './merge-patch.js';
import type { ObjectOperations, WriteOptions } from './object-operations.js';
import { parsePatchBody, patchedDocument, patchKindOf, type PatchKind } from './patch.js';
import type { ObjectRoute } from './paths.js';
import type { Verb } from './resources.js';
import { scaleOf, writeScale } from './scale.js';
import { badRequest, methodNotAllowed, resourceDetails, unsupportedMediaType } from './status.js';
import type { KubeObject } from './types.js';

/** A request on an object path, its body already read. */
export interface ObjectRequest {
  method: string;
  route: ObjectRoute;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

/** An HTTP status code and a JSON body. */
export interface ObjectResponse {
  code: number;
  body: unknown;
}

function verbOf({ method, route }: ObjectRequest): Verb | undefined {
  const { name, subresource } = route;
  if (method === 'GET') return name === undefined ? 'list' : 'get';
  if (method === 'POST') return name === undefined ? 'create' : undefined;
  if (method === 'PUT') return name === undefined ? undefined : 'update';
  if (method === 'PATCH') return name === undefined ? undefined : 'patch';
  if (method === 'DELETE' && subresource === undefined)
    return name === undefined ? 'deletecollection' : 'delete';
  return undefined;
}

const bodyTypes = ['application/json', 'application/yaml'];

/** A POST, PUT or DELETE body: JSON or YAML; protobuf and CBOR are a 415, as on a server without them. */
function decodeBody({ body, contentType }: ObjectRequest): unknown {
  if (body.trim() === '') return undefined;
  const mediaType = mediaTypeOf(contentType) || 'application/json';
  if (mediaType === 'application/yaml') return parsePatchBody('apply', body);
  if (mediaType !== 'application/json') throw unsupportedMediaType(bodyTypes);
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw badRequest(
      `error decoding request body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function dryRunOf(query: URLSearchParams, options?: Record<string, unknown>): WriteOptions {
  const fromBody = Array.isArray(options?.dryRun) && options.dryRun.length > 0;
  return { dryRun: query.getAll('dryRun').length > 0 || fromBody };
}

/** Answers a request on an object path (watches are served elsewhere). */
export function handleObjects(objects: ObjectOperations, request: ObjectRequest): ObjectResponse {
  const verb = verbOf(request);
  const { type, namespace, name = '', subresource } = request.route;
  if (verb === undefined || !type.verbs.includes(verb)) throw methodNotAllowed();
  const { query } = request;
  const target = { type, namespace, name, ...dryRunOf(query) };
  switch (verb) {
    case 'get': {
      const live = objects.read(type, namespace, name);
      return { code: 200, body: subresource === 'scale' ? scaleOf(live) : live };
    }
    case 'list':
      return { code: 200, body: listResponse(objects.store, type, namespace, query) };
    case 'create':
      return { code: 201, body: objects.create(type, namespace, decodeBody(request), target) };
    case 'update': {
      const body = decodeBody(request);
      if (subresource === 'scale') return { code: 200, body: writeScale(objects, target, body) };
      const written =
        subresource === 'status'
          ? objects.updateStatus(type, namespace, name, body, target)
          : objects.update(type, namespace, name, body, target);
      return { code: 200, body: written };
    }
    case 'patch':
      return patch(objects, request, patchKindOf(request.contentType, type));
    case 'delete':
      return remove(objects, request);
    case 'deletecollection':
      return removeSelected(objects, request);
    case 'watch':
      throw methodNotAllowed();
  }
}

function patch(objects: ObjectOperations, request: ObjectRequest, kind: PatchKind): ObjectResponse {
  const { type, namespace, name = '', subresource } = request.route;
  const target = { type, namespace, name, ...dryRunOf(request.query) };
  const parsed = parsePatchBody(kind, request.body);
  // Apply to a subresource merges the applied fields into it.
  const patchOf = (document: unknown) =>
    kind === 'apply' ? mergePatch(document, parsed) : patchedDocument(kind, document, parsed);
  if (subresource === 'scale') {
    const scale = scaleOf(objects.read(type, namespace, name));
    return { code: 200, body: writeScale(objects, target, patchOf(scale)) };
  }
  if (subresource === 'status') {
    const patched = patchOf(objects.read(type, namespace, name));
    return { code: 200, body: objects.updateStatus(type, namespace, name, patched, target) };
  }
  if (kind === 'apply') {
    const fieldManager = request.query.get('fieldManager') ?? undefined;
    const { object, created } = serverSideApply(objects, { ...target, fieldManager }, parsed);
    return { code: created ? 201 : 200, body: object };
  }
  const patched = patchOf(objects.read(type, namespace, name));
  return { code: 200, body: objects.update(type, namespace, name, patched, target) };
}

/** Deletes what the selectors select; answers with the list of what was deleted. */
function removeSelected(objects: ObjectOperations, request: ObjectRequest): ObjectResponse {
  const { type, namespace } = request.route;
  const options = dryRunOf(request.query);
  const selected = selectedObjects(objects.store, type, namespace, request.query);
  const deleted = selected.map((o) =>
    objects.delete(type, o.metadata.namespace, o.metadata.name ?? '', options),
  );
  const metadata = { resourceVersion: String(objects.store.revision()) };
  return { code: 200, body: listOf(type, deleted, metadata) };
}

function remove(objects: ObjectOperations, request: ObjectRequest): ObjectResponse {
  const { type, namespace, name = '' } = request.route;
  const options = decodeBody(request);
  const deleteOptions = isObject(options) ? options : {};
  const preconditions = isObject(deleteOptions.preconditions) ? deleteOptions.preconditions : {};
  const deleted: KubeObject = objects.delete(type, namespace, name, {
    ...dryRunOf(request.query, deleteOptions),
    preconditions,
  });
  if (type.returnsDeletedObject) return { code: 200, body: deleted };
  const details = { ...resourceDetails(type, name), uid: deleted.metadata.uid };
  return {
    code: 200,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details },
  };
}
