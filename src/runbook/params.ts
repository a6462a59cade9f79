import { DrError, ExitCode, UsageError } from '../contract/errors.js';
import type { Inventory } from './inventory-schema.js';
import type { Runbook } from './schema.js';
import { paramValueProblem } from './validate-params.js';

/** Turns `--param k=v` strings into typed values by the runbook's param types. */
function coerce(type: string, text: string): unknown {
  if (type === 'int' && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'bool' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Parses `k=v` pairs; a missing `=` is a usage error. */
export function parseParamFlags(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`--param "${pair}" is not key=value`, 'e.g. --param pointInTime=latest');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/**
 * The run's params: given values (typed), then defaults; an environment param without a value
 * takes the `peer` of the first environment param (so `source` follows from `target`).
 */
export function resolveParams(
  runbook: Runbook,
  inventory: Inventory | undefined,
  given: Record<string, string>,
): Record<string, unknown> {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(runbook.params, name)) {
      const known = Object.keys(runbook.params).join(', ') || 'none';
      throw new UsageError(`the runbook has no param "${name}"`, `its params: ${known}`);
    }
  }
  const values: Record<string, unknown> = {};
  let firstEnvironment: string | undefined;
  for (const [name, param] of Object.entries(runbook.params)) {
    let value: unknown =
      given[name] !== undefined ? coerce(param.type, given[name]) : param.default;
    if (value === undefined && param.type === 'environment' && firstEnvironment && inventory) {
      value = inventory.environments[firstEnvironment]?.peer;
    }
    if (value === undefined) {
      throw new UsageError(
        `param "${name}" has no value`,
        `give it with --param ${name}=<${param.type}>`,
      );
    }
    const problem = paramValueProblem(param.type, value, inventory);
    if (problem) {
      throw new DrError('param.invalid', `param "${name}": ${problem}`, {
        exitCode: ExitCode.invalidInput,
      });
    }
    if (param.type === 'environment' && typeof value === 'string') firstEnvironment ??= value;
    values[name] = value;
  }
  return values;
}
