/**
 * Server-side apply, simplified. The applied configuration is merged into the live object
 * (strategic merge for built-in kinds, merge patch for custom resources), and the fields this
 * field manager set last time but no longer sets are removed, so dropping a label from a manifest
 * drops it from the object. Recorded in `metadata.managedFields` as the real server does, with
 * two simplifications: there are no conflicts between managers (every apply behaves as
 * `force=true`), and writes other than apply do not take ownership of fields.
 */
import { fieldSetOf, pruneFields, type FieldSet } from './field-set.js';
import { cloneJson, isObject, without } from './json.js';
import { mergePatch } from './merge-patch.js';
import type { ObjectOperations, WriteOptions } from './object-operations.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { badRequest, invalid } from './status.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import type { KubeObject } from './types.js';
import { asObjectOf, timestamp } from './write-rules.js';

/** Where and how to apply. */
export interface ApplyTarget extends WriteOptions {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  fieldManager: string | undefined;
}

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  fieldsV1?: FieldSet;
  [key: string]: unknown;
}

/** The applied configuration, checked: a field manager, apiVersion and kind, the URL's name. */
function appliedConfig(target: ApplyTarget, applied: unknown): KubeObject {
  if (!target.fieldManager) {
    const message = 'Required value: is required for apply patch';
    throw invalid({ kind: 'PatchOptions', group: 'meta.k8s.io' }, '', [
      { field: 'fieldManager', message, reason: 'FieldValueRequired' },
    ]);
  }
  if (!isObject(applied) || !applied.apiVersion || !applied.kind) {
    throw badRequest('apply patch must be an object with apiVersion and kind');
  }
  const config = asObjectOf(target.type, applied);
  const { name } = config.metadata;
  if (name && name !== target.name) {
    throw badRequest(
      `the name of the object (${name}) does not match the name on the URL (${target.name})`,
    );
  }
  config.metadata.name = target.name;
  return config;
}

/** Applies `applied` (the parsed body); creates the object when absent. */
export function serverSideApply(
  objects: ObjectOperations,
  target: ApplyTarget,
  applied: unknown,
): { object: KubeObject; created: boolean } {
  const { type, namespace, name } = target;
  const config = appliedConfig(target, applied);
  const manager = target.fieldManager ?? '';
  const owned = fieldSetOf(ownedPart(type, config), !type.custom);
  const entry = {
    manager,
    operation: 'Apply',
    apiVersion: apiVersionOf(type),
    time: timestamp(),
    fieldsType: 'FieldsV1',
    fieldsV1: owned,
  };
  const live = objects.store.get(type, type.namespaced ? namespace : undefined, name);
  if (live === undefined) {
    config.metadata.managedFields = [entry];
    return { object: objects.create(type, namespace, config, target), created: true };
  }
  const merge = type.custom ? mergePatch : strategicMergePatch;
  const merged = cloneJson(merge(live, config)) as KubeObject;
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const previous = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  pruneFields(merged, previous?.fieldsV1 ?? {}, owned);
  merged.metadata.managedFields = [...entries.filter((e) => e !== previous), entry];
  return { object: objects.update(type, namespace, name, merged, target), created: false };
}

const serverOwnedMetadata = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
] as const;

/** The part of an applied configuration whose fields the manager owns: not identity, not status. */
function ownedPart(type: ResourceType, config: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = without(config, 'apiVersion', 'kind', 'metadata');
  const meta = without(config.metadata, ...serverOwnedMetadata);
  if (type.statusSubresource) delete rest.status;
  return Object.keys(meta).length > 0 ? { ...rest, metadata: meta } : rest;
}
