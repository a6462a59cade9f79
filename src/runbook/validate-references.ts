import type { StepRegistry } from '../contract/registry.js';
import { parseExpressions, walkStrings, type Reference } from './expressions.js';
import type { Inventory } from './inventory-schema.js';
import type { Issue } from './issues.js';
import { asArray, asRecord, asString, type RawStep } from './raw.js';
import { issueAt, type Source } from './source.js';
import { didYouMean } from './suggest.js';
import { reachableSteps } from './validate-structure.js';

interface Scope {
  params: Record<string, string | undefined>;
  inventory: Inventory | undefined;
  registry: StepRegistry;
  steps: RawStep[];
  /** Steps whose outputs are available where the reference is written. */
  reachable: Set<string>;
}

const RUN_FIELDS = ['id', 'mode', 'startedAt'];
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hasPath(value: unknown, segments: string[]): boolean {
  let node = value;
  for (const segment of segments) {
    const record = asRecord(node);
    if (!Object.hasOwn(record, segment)) return false;
    node = record[segment];
  }
  return true;
}

function environmentRef(
  rest: string[],
  scope: Scope,
  label: string,
  envs: string[],
): string | undefined {
  if (!scope.inventory || rest.length === 0) return undefined;
  const found = envs.some((env) => hasPath(scope.inventory?.environments[env], rest));
  return found ? undefined : `${label}.${rest.join('.')} is not in the inventory`;
}

/** Why a reference is wrong, or undefined when it is fine. */
function referenceProblem(ref: Reference, scope: Scope): string | undefined {
  const [first, ...rest] = ref.segments;
  if (first === undefined) return `"${ref.root}" alone is not a reference`;
  switch (ref.root) {
    case 'params': {
      if (!Object.hasOwn(scope.params, first)) return `unknown param "${first}"`;
      if (rest.length > 0 && scope.params[first] !== 'environment') {
        return `param "${first}" is not an environment: it has no fields`;
      }
      const envs = Object.keys(scope.inventory?.environments ?? {});
      return environmentRef(rest, scope, `params.${first}`, envs);
    }
    case 'inventory':
      if (scope.inventory && !Object.hasOwn(scope.inventory.environments, first)) {
        return `the inventory has no environment "${first}"`;
      }
      return environmentRef(rest, scope, `inventory.${first}`, [first]);
    case 'secrets':
      return rest.length === 0 && SECRET_NAME.test(first)
        ? undefined
        : 'write a secret as secrets.NAME';
    case 'run':
      return rest.length === 0 && RUN_FIELDS.includes(first)
        ? undefined
        : `run has ${RUN_FIELDS.join(', ')}`;
    case 'steps':
      return stepReferenceProblem(first, rest, scope);
  }
}

function stepReferenceProblem(id: string, rest: string[], scope: Scope): string | undefined {
  const step = scope.steps.find((s) => s.id === id);
  if (!step) return `unknown step "${id}"`;
  if (rest[0] !== 'outputs' || rest.length !== 2)
    return `write a step output as steps.${id}.outputs.<name>`;
  if (!scope.reachable.has(id)) {
    return `step "${id}" has not run yet here: add it to needs, or move it to an earlier tier`;
  }
  const outputs = Object.keys(scope.registry.get(step.uses ?? '')?.outputs ?? {});
  const name = rest[1] as string;
  if (step.uses && scope.registry.get(step.uses) && !outputs.includes(name)) {
    return `${step.uses} has no output "${name}" (it has: ${outputs.join(', ') || 'none'})`;
  }
  return undefined;
}

function scan(source: Source, scope: Scope, value: unknown, base: PropertyKey[]): Issue[] {
  const issues: Issue[] = [];
  walkStrings(value, base, (text, path) => {
    for (const parsed of parseExpressions(text)) {
      if (!parsed.ok) issues.push(issueAt(source, path, parsed.message, parsed.hint));
      else {
        const problem = referenceProblem(parsed.ref, scope);
        if (problem)
          issues.push(
            issueAt(source, path, `${parsed.ref.text}: ${problem}`, hintFor(parsed.ref, scope)),
          );
      }
    }
  });
  return issues;
}

function hintFor(ref: Reference, scope: Scope): string | undefined {
  const first = ref.segments[0] ?? '';
  if (ref.root === 'params') return didYouMean(first, Object.keys(scope.params));
  const ids = scope.steps.flatMap((s) => (s.id ? [s.id] : []));
  if (ref.root === 'steps' && !ids.includes(first)) return didYouMean(first, ids);
  return undefined;
}

/** Every `${{ }}` in steps, checks and verify: well-formed, and naming something that exists. */
export function referenceIssues(
  source: Source,
  options: { registry: StepRegistry; inventory: Inventory | undefined; steps: RawStep[] },
): Issue[] {
  const params = Object.fromEntries(
    Object.entries(asRecord(asRecord(source.value).params)).map(([k, v]) => [
      k,
      asString(asRecord(v).type),
    ]),
  );
  const base = { ...options, params };
  const issues: Issue[] = [];
  for (const step of options.steps) {
    const scope = { ...base, reachable: reachableSteps(step, options.steps) };
    for (const field of ['with', 'require', 'drill']) {
      issues.push(...scan(source, scope, step.value[field], [...step.path, field]));
    }
  }
  asArray(asRecord(source.value).tiers).forEach((tier, t) => {
    const reachable = new Set(
      options.steps.filter((s) => s.tierIndex <= t && s.id).map((s) => s.id as string),
    );
    issues.push(
      ...scan(source, { ...base, reachable }, asRecord(tier).verify, ['tiers', t, 'verify']),
    );
  });
  return issues;
}
