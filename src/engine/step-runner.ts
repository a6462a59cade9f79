import { fatalError } from '../contract/errors.js';
import type { StepRegistry } from '../contract/registry.js';
import type {
  StepType,
  RunMode,
  StepContext,
  StepLogger,
  StepOutputs,
} from '../contract/step-type.js';
import { resolveValue, type ResolveScope } from '../runbook/resolve.js';
import type { Check, Step } from '../runbook/schema.js';

/** What the step runner needs from the engine. */
export interface StepRunnerOptions {
  registry: StepRegistry;
  mode: RunMode;
  runId: string;
  scope: () => ResolveScope;
  attemptOf: (stepId: string) => number;
  record: (type: string, data: Record<string, unknown>) => void;
  logger: (stepId: string) => StepLogger;
}

function parseInput(
  stepType: StepType<unknown, StepOutputs>,
  value: unknown,
  label: string,
): unknown {
  const parsed = stepType.input.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${i.path.join('.') || 'with'}: ${i.message}`)
    .join('; ');
  throw fatalError('step.bad-input', `${label}: resolved "with" is invalid: ${problems}`);
}

function contextFor(
  options: StepRunnerOptions,
  item: { id: string; uses: string; with: unknown },
  signal: AbortSignal,
) {
  const stepType = options.registry.get(item.uses) as StepType<unknown, StepOutputs> | undefined;
  if (!stepType) throw fatalError('step.unknown-type', `unknown step type ${item.uses}`);
  const missing = options.mode === 'dry-run' ? 'keep' : 'throw';
  const input = parseInput(stepType, resolveValue(item.with, options.scope(), missing), item.id);
  const ctx: StepContext<unknown> = {
    input,
    signal,
    log: options.logger(item.id),
    mode: options.mode,
    runId: options.runId,
    stepId: item.id,
    attempt: options.attemptOf(item.id),
  };
  return { stepType, ctx };
}

/** check → apply (only when needed) → verify, each outcome journaled before the next effect. */
export async function runStep(
  options: StepRunnerOptions,
  step: Step,
  signal: AbortSignal,
): Promise<StepOutputs> {
  await Promise.resolve(); // let the transition that started this step reach the journal first
  const drillWith =
    options.mode === 'drill' && step.drill?.with ? { ...step.with, ...step.drill.with } : step.with;
  const { stepType, ctx } = contextFor(
    options,
    { id: step.id, uses: step.uses, with: drillWith },
    signal,
  );
  const record = (type: string, data: Record<string, unknown> = {}) =>
    options.record(type, { step: step.id, ...data });
  if (stepType.check) {
    const checked = await stepType.check(ctx);
    if (checked.state === 'done') {
      record('step.already-applied', { detail: checked.detail, outputs: checked.outputs });
      return checked.outputs;
    }
  }
  if (options.mode === 'dry-run') {
    record('step.would-apply', { does: stepType.describe(ctx.input, options.mode) });
    return {};
  }
  const outputs = await stepType.apply(ctx);
  record('step.applied', { outputs });
  if (stepType.verify) {
    await stepType.verify({ ...ctx, outputs });
    record('step.verified');
  }
  return outputs;
}

/** Runs a check (a `require` interlock or a tier `verify`): its step type's apply, then verify. */
export async function runCheck(
  options: StepRunnerOptions,
  check: Check & { id: string },
  signal: AbortSignal,
): Promise<StepOutputs> {
  const { stepType, ctx } = contextFor(options, check, signal);
  const outputs = await stepType.apply(ctx);
  if (stepType.verify) await stepType.verify({ ...ctx, outputs });
  return outputs;
}
