import type { RunMode } from '../contract/step-type.js';
import type { StepRegistry } from '../contract/registry.js';
import { resolveValue, type ResolveScope } from '../runbook/resolve.js';
import type { Check, Runbook, Step } from '../runbook/schema.js';

/** One step of the plan, in words. */
export interface PlanStep {
  id: string;
  uses: string;
  does: string;
  needs: string[];
  gate: boolean;
  timeout?: string;
  retry?: string;
  onError: 'fail' | 'continue';
  require: string[];
  drill?: string;
}

/** One tier of the plan. */
export interface PlanTier {
  name: string;
  objectives: { rto?: string; rpo?: string };
  steps: PlanStep[];
  verify: string[];
}

/** What a run would do, tier by tier, step by step. */
export interface Plan {
  runbook: string;
  mode: RunMode;
  params: Record<string, unknown>;
  tiers: PlanTier[];
}

function describeUse(
  registry: StepRegistry,
  uses: string,
  withValue: unknown,
  scope: ResolveScope,
  mode: RunMode,
) {
  const stepType = registry.get(uses);
  const resolved = resolveValue(withValue, scope, 'keep');
  const planned = stepType?.planned ? ' (not implemented yet)' : '';
  if (stepType) {
    const parsed = stepType.input.safeParse(resolved);
    // A value known only during the run (a step output) stays as its reference text; the rest
    // of the input is still worth describing.
    const onlyPending =
      !parsed.success && parsed.error.issues.every((i) => pendingAt(resolved, i.path));
    if (parsed.success || onlyPending) {
      const input: unknown = parsed.success ? parsed.data : resolved;
      try {
        return `${stepType.describe(input, mode)}${planned}`;
      } catch {
        // an unvalidated input may lack what describe reads: fall back to the raw form below
      }
    }
  }
  return `${uses} ${JSON.stringify(resolved)}`;
}

/** Whether the value at `path` is a reference kept for the run to resolve. */
function pendingAt(value: unknown, path: PropertyKey[]): boolean {
  let node = value;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return typeof node === 'string' && node.includes('${{');
}

/** Steps of a tier in an order that respects `needs` (stable: document order otherwise). */
export function orderSteps(steps: Step[]): Step[] {
  const done = new Set<string>();
  const ordered: Step[] = [];
  while (ordered.length < steps.length) {
    const ready = steps.find((s) => !done.has(s.id) && s.needs.every((n) => done.has(n)));
    if (!ready) break;
    done.add(ready.id);
    ordered.push(ready);
  }
  return ordered;
}

function planStep(
  step: Step,
  registry: StepRegistry,
  scope: ResolveScope,
  mode: RunMode,
): PlanStep {
  const describeCheck = (c: Check) => describeUse(registry, c.uses, c.with, scope, mode);
  const drillWith = step.drill?.with ? { ...step.with, ...step.drill.with } : undefined;
  const drill = step.drill?.skip
    ? 'skipped in a drill'
    : drillWith && describeUse(registry, step.uses, drillWith, scope, 'drill');
  return {
    id: step.id,
    uses: step.uses,
    does: describeUse(
      registry,
      step.uses,
      mode === 'drill' && drillWith ? drillWith : step.with,
      scope,
      mode,
    ),
    needs: step.needs,
    gate: registry.get(step.uses)?.gate === true,
    ...(step.timeout ? { timeout: step.timeout } : {}),
    ...(step.retry
      ? { retry: `${step.retry.attempts} attempts, backoff ${step.retry.backoff}` }
      : {}),
    onError: step.onError,
    require: step.require.map(describeCheck),
    ...(drill ? { drill } : {}),
  };
}

/** Builds the plan: every step described with the references that are already known resolved. */
export function planRunbook(
  runbook: Runbook,
  options: { registry: StepRegistry; scope: ResolveScope; mode: RunMode },
): Plan {
  const { registry, scope, mode } = options;
  return {
    runbook: runbook.metadata.name,
    mode,
    params: scope.params,
    tiers: runbook.tiers.map((tier) => ({
      name: tier.name,
      objectives: tier.objectives,
      steps: orderSteps(tier.steps).map((step) => planStep(step, registry, scope, mode)),
      verify: tier.verify.map((c) => describeUse(registry, c.uses, c.with, scope, mode)),
    })),
  };
}
