/**
 * Failures shaped as the real API server's `Status` objects, so clients see the same `reason`,
 * `code`, `message` and `details` they would see from a cluster.
 */
import { DrError } from '../../contract/errors.js';
import { qualifiedName, type ResourceType } from './resources.js';

/** `details` of a Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason: string; message: string; field: string }[];
}

/** A field that failed validation: its path and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
  reason?: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden';
}

/** A request the lab Kubernetes API refuses; `status()` is the body the server answers with. */
export class KubeStatusError extends DrError {
  readonly httpCode: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(httpCode: number, reason: string, message: string, details?: StatusDetails) {
    super(`lab.kube.${reason}`, message);
    this.name = 'KubeStatusError';
    this.httpCode = httpCode;
    this.reason = reason;
    this.details = details;
  }

  /** The `Status` object of this failure. */
  status(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details === undefined ? {} : { details: this.details }),
      code: this.httpCode,
    };
  }
}

/** `details` naming an object as the real server does: name, group, resource (plural). */
export function resourceDetails(type: ResourceType, name: string): StatusDetails {
  return { name, ...(type.group === '' ? {} : { group: type.group }), kind: type.plural };
}

export function notFound(type: ResourceType, name: string) {
  const message = `${qualifiedName(type)} "${name}" not found`;
  return new KubeStatusError(404, 'NotFound', message, resourceDetails(type, name));
}

export function alreadyExists(type: ResourceType, name: string) {
  const message = `${qualifiedName(type)} "${name}" already exists`;
  return new KubeStatusError(409, 'AlreadyExists', message, resourceDetails(type, name));
}

const staleMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(type: ResourceType, name: string, why = staleMessage) {
  const message = `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": ${why}`;
  return new KubeStatusError(409, 'Conflict', message, resourceDetails(type, name));
}

/** 422 Invalid, naming the kind (not the resource) as the real server does. */
export function invalid(
  type: Pick<ResourceType, 'kind' | 'group'>,
  name: string,
  errors: FieldError[],
) {
  const kind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const lines = errors.map((e) => `${e.field}: ${e.message}`);
  const what = lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
  const causes = errors.map((e) => ({
    reason: e.reason ?? 'FieldValueInvalid',
    message: e.message,
    field: e.field,
  }));
  return new KubeStatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${what}`, {
    name,
    ...(type.group === '' ? {} : { group: type.group }),
    kind: type.kind,
    causes,
  });
}

/** 422 for a patch that cannot be applied (a failed `test`, a missing path). */
export function unprocessable(message: string) {
  return new KubeStatusError(422, 'Invalid', message, {});
}

export function badRequest(message: string) {
  return new KubeStatusError(400, 'BadRequest', message);
}

export function pathNotFound() {
  return new KubeStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function methodNotAllowed() {
  const message = 'the server does not allow this method on the requested resource';
  return new KubeStatusError(405, 'MethodNotAllowed', message, {});
}

export function unsupportedMediaType(accepted: readonly string[]) {
  const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return new KubeStatusError(415, 'UnsupportedMediaType', message);
}

export function entityTooLarge(limit: number) {
  const message = `Request entity too large: limit is ${limit}`;
  return new KubeStatusError(413, 'RequestEntityTooLarge', message);
}

export function expired(requested: string, oldest: number) {
  const message = `too old resource version: ${requested} (${oldest})`;
  return new KubeStatusError(410, 'Expired', message);
}

/** The Status a failure answers with: its own, or a 500 InternalError for anything unexpected. */
export function statusOf(error: unknown): KubeStatusError {
  if (error instanceof KubeStatusError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KubeStatusError(500, 'InternalError', `Internal error occurred: ${message}`, {});
}
