/** The validation rules of the real server that a lab client can trip over, with its messages. */
import { isObject } from './json.js';
import type { ResourceType } from './resources.js';
import { invalid, type FieldError } from './status.js';
import type { KubeObject } from './types.js';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Throws 422 Invalid, listing every broken rule, when `object` may not be stored. */
export function validateObject(type: ResourceType, object: KubeObject): void {
  const errors = [...nameErrors(type, object.metadata.name)];
  if (type.group === 'apps' && type.kind === 'Deployment') errors.push(...deploymentErrors(object));
  if (errors.length > 0) throw invalid(type, object.metadata.name ?? '', errors);
}

/** The rule for `spec.replicas` of a Deployment or a Scale. */
export function replicasErrors(replicas: unknown, field = 'spec.replicas'): FieldError[] {
  if (typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0) return [];
  return [
    {
      field,
      message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    },
  ];
}

function nameErrors(type: ResourceType, name: string | undefined): FieldError[] {
  const field = 'metadata.name';
  if (name === undefined || name === '') {
    const message = 'Required value: name or generateName is required';
    return [{ field, message, reason: 'FieldValueRequired' }];
  }
  const [pattern, rule] =
    type.kind === 'Namespace'
      ? [
          label,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        ]
      : type.kind === 'Service'
        ? [
            dns1035,
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
          ]
        : [
            subdomain,
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
          ];
  const limit = pattern === subdomain ? 253 : 63;
  if (pattern.test(name) && name.length <= limit) return [];
  return [{ field, message: `Invalid value: ${JSON.stringify(name)}: ${rule}` }];
}

function deploymentErrors(object: KubeObject): FieldError[] {
  const spec = isObject(object.spec) ? object.spec : {};
  const errors = replicasErrors(spec.replicas);
  const selector = isObject(spec.selector) ? spec.selector : undefined;
  if (selector === undefined) {
    return [
      ...errors,
      { field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' },
    ];
  }
  const template = isObject(spec.template) ? spec.template : {};
  const labels =
    isObject(template.metadata) && isObject(template.metadata.labels)
      ? template.metadata.labels
      : {};
  const wanted = isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (Object.entries(wanted).some(([k, v]) => labels[k] !== v)) {
    const message = `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``;
    errors.push({ field: 'spec.template.metadata.labels', message });
  }
  return errors;
}
