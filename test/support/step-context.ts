import type {
  RunMode,
  StepContext,
  StepLogger,
  StepOutputs,
  StepType,
} from '../../src/contract/index.js';

/** One line a step logged, kept for assertions. */
export interface LoggedLine {
  level: 'info' | 'warn' | 'debug';
  message: string;
  data?: Record<string, unknown>;
}

/** Options of {@link stepContext}. */
export interface StepContextOptions {
  mode?: RunMode;
  signal?: AbortSignal;
  runId?: string;
  stepId?: string;
  attempt?: number;
}

/** A StepContext for calling a step type's check/apply/verify directly; `lines` collects its log. */
export function stepContext<I>(
  input: I,
  o: StepContextOptions = {},
): StepContext<I> & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at = (level: LoggedLine['level']) => (message: string, data?: Record<string, unknown>) =>
    void lines.push({ level, message, data });
  const log: StepLogger = { info: at('info'), warn: at('warn'), debug: at('debug') };
  return {
    input,
    signal: o.signal ?? new AbortController().signal,
    log,
    mode: o.mode ?? 'failover',
    runId: o.runId ?? 'test-run',
    stepId: o.stepId ?? 'test-step',
    attempt: o.attempt ?? 1,
    lines,
  };
}

/** Validates `raw` with the step type's schema (as the engine does) and builds its context. */
export function contextFor<I, O extends StepOutputs>(
  type: StepType<I, O>,
  raw: unknown,
  o: StepContextOptions = {},
) {
  return stepContext<I>(type.input.parse(raw), o);
}

/** check → apply (when needed) → verify, as the engine runs a step; returns the outputs. */
export async function runStep<I, O extends StepOutputs>(
  type: StepType<I, O>,
  raw: unknown,
  o: StepContextOptions = {},
) {
  const ctx = contextFor(type, raw, o);
  const checked = type.check === undefined ? undefined : await type.check(ctx);
  const outputs = checked?.state === 'done' ? checked.outputs : await type.apply(ctx);
  if (type.verify !== undefined) await type.verify({ ...ctx, outputs });
  return { outputs, checked, ctx };
}
