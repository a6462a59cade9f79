import { isDuration, isIsoTimeWithOffset } from '../contract/duration.js';
import type { Inventory } from './inventory-schema.js';
import { paramTypes, type ParamType } from './schema.js';
import type { Issue } from './issues.js';
import { asRecord, asString } from './raw.js';
import { issueAt, type Source } from './source.js';
import { didYouMean } from './suggest.js';

/** Why `value` is not a valid value of a param of `type`, or undefined when it is. */
export function paramValueProblem(
  type: ParamType | undefined,
  value: unknown,
  inventory: Inventory | undefined,
): string | undefined {
  switch (type) {
    case 'time':
      return value === 'latest' || (typeof value === 'string' && isIsoTimeWithOffset(value))
        ? undefined
        : `"${String(value)}" is not "latest" or an ISO 8601 time with an offset (2026-12-04T10:30:00Z)`;
    case 'duration':
      return typeof value === 'string' && isDuration(value)
        ? undefined
        : `"${String(value)}" is not a duration (90s, 30m)`;
    case 'int':
      return Number.isInteger(value) ? undefined : `"${String(value)}" is not an integer`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `"${String(value)}" is not true or false`;
    case 'environment': {
      if (typeof value !== 'string') return `"${String(value)}" is not an environment name`;
      if (inventory && !Object.hasOwn(inventory.environments, value)) {
        const known = Object.keys(inventory.environments);
        return `the inventory has no environment "${value}" (${didYouMean(value, known) ?? `it has ${known.join(', ')}`})`;
      }
      return undefined;
    }
    case 'string':
      return typeof value === 'string' ? undefined : `"${String(value)}" is not a string`;
    case undefined:
      return undefined;
  }
}

function asParamType(value: unknown): ParamType | undefined {
  const text = asString(value);
  return paramTypes.find((t) => t === text);
}

/** Param defaults fit their types; `exec` is only used where the inventory allows it. */
export function paramIssues(source: Source, inventory: Inventory | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const [name, raw] of Object.entries(asRecord(asRecord(source.value).params))) {
    const param = asRecord(raw);
    if (param.default === undefined) continue;
    const problem = paramValueProblem(asParamType(param.type), param.default, inventory);
    if (problem)
      issues.push(issueAt(source, ['params', name, 'default'], `param "${name}": ${problem}`));
  }
  return issues;
}
