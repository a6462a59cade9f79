/** The patch kinds, chosen by Content-Type as the real server does, and applying one to a document. */
import { parse as parseYaml } from 'yaml';
import { mediaTypeOf } from './http-io.js';
import { applyJsonPatch } from './json-patch.js';
import { mergePatch } from './merge-patch.js';
import type { ResourceType } from './resources.js';
import { badRequest, unsupportedMediaType } from './status.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

const mediaTypes: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The kind of a PATCH, or 415 (custom resources have no strategic merge patch). */
export function patchKindOf(contentType: string | undefined, type: ResourceType): PatchKind {
  const mediaType = mediaTypeOf(contentType);
  const kind = mediaTypes[mediaType];
  const accepted = Object.keys(mediaTypes).filter(
    (m) => !(type.custom && mediaTypes[m] === 'strategic'),
  );
  if (kind === undefined || (type.custom && kind === 'strategic'))
    throw unsupportedMediaType(accepted);
  return kind;
}

/** The body of a PATCH: YAML (a superset of JSON) for apply, JSON otherwise; 400 if unreadable. */
export function parsePatchBody(kind: PatchKind, body: string): unknown {
  try {
    return kind === 'apply' ? (parseYaml(body) as unknown) : (JSON.parse(body) as unknown);
  } catch (error) {
    throw badRequest(
      `error decoding patch: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `document` with a json, merge or strategic patch applied (apply is handled by `apply.ts`). */
export function patchedDocument(
  kind: Exclude<PatchKind, 'apply'>,
  document: unknown,
  patch: unknown,
): unknown {
  switch (kind) {
    case 'json':
      return applyJsonPatch(document, patch);
    case 'merge':
      return mergePatch(document, patch);
    case 'strategic':
      return strategicMergePatch(document, patch);
  }
}
