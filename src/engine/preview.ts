import type { StepRegistry } from '../contract/registry.js';
import type { RunMode, StepOutputs, StepType } from '../contract/step-type.js';
import { resolveValue, type ResolveScope } from '../runbook/resolve.js';
import type { Runbook } from '../runbook/schema.js';

const PREVIEW_TIMEOUT_MS = 15_000;

/**
 * Runs the read-only `preview` of every step whose type has one (for example the newest
 * restorable point), so the plan shows it before anyone confirms. A preview that cannot run
 * (a reference not known yet, an unreachable repository) says so instead of failing the plan.
 */
export async function previewSteps(
  runbook: Runbook,
  options: { registry: StepRegistry; scope: ResolveScope; mode: RunMode },
): Promise<{ step: string; text: string }[]> {
  const lines: { step: string; text: string }[] = [];
  for (const step of runbook.tiers.flatMap((t) => t.steps)) {
    const stepType = options.registry.get(step.uses) as StepType<unknown, StepOutputs> | undefined;
    if (!stepType?.preview) continue;
    const parsed = stepType.input.safeParse(resolveValue(step.with, options.scope, 'keep'));
    if (!parsed.success) {
      lines.push({
        step: step.id,
        text: 'preview unavailable: its inputs are only known during the run',
      });
      continue;
    }
    const signal = AbortSignal.timeout(PREVIEW_TIMEOUT_MS);
    const text = await stepType
      .preview({ input: parsed.data, signal, mode: options.mode })
      .catch(
        (error: unknown) => `preview unavailable: ${(error as Error).message.split('\n')[0] ?? ''}`,
      );
    lines.push({ step: step.id, text });
  }
  return lines;
}
