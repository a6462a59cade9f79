import type { z } from 'zod';

/** How a run treats the world: for real, as a drill on scratch targets, or not at all. */
export type RunMode = 'failover' | 'drill' | 'dry-run';

/** Structured log sink given to every step; secret values are redacted before anything is written. */
export interface StepLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  debug(message: string, data?: Record<string, unknown>): void;
}

/** Outputs a step returns: plain JSON data, journaled and referenced by later steps. */
export type StepOutputs = Record<string, string | number | boolean | null>;

/** What every function of a step type receives. */
export interface StepContext<I> {
  /** The step's `with`, references resolved and validated by the type's schema. */
  input: I;
  /** Aborted on timeout, `dr abort` or Ctrl-C: stop the work and throw. */
  signal: AbortSignal;
  log: StepLogger;
  mode: RunMode;
  runId: string;
  stepId: string;
  /** 1 on the first attempt, 2 on the first retry, … */
  attempt: number;
}

/** The answer of `check`: the desired state is already there (with its outputs), or work is needed. */
export type CheckResult<O extends StepOutputs> =
  { state: 'done'; outputs: O; detail?: string } | { state: 'needed'; detail?: string };

/**
 * A step type: a schema for its `with`, its declared outputs, and check → apply → verify.
 * Steps run at least once, so `check` must recognise work already done: a re-run converges and
 * never applies twice.
 */
export interface StepType<I = unknown, O extends StepOutputs = StepOutputs> {
  /** `<adapter>.<verb-noun>`; written into journals, so never renamed. */
  readonly type: string;
  /** One line for `dr plan` and `--help`. */
  readonly summary: string;
  /** Validates and types the step's `with` (after reference resolution). */
  readonly input: z.ZodType<I>;
  /** Output names this type returns, each with a description; referencing any other is an error. */
  readonly outputs: { readonly [K in keyof O & string]: string };
  /**
   * Declared but not implemented yet: runbooks that use it validate and plan (its `with` is
   * checked), but the engine refuses to start a run that contains it.
   */
  readonly planned?: boolean;
  /** Whether a step of this type is a gate that waits for approvals instead of running code. */
  readonly gate?: boolean;
  /** Says in words what the step would do with this input, for `dr plan`. */
  describe(input: I, mode: RunMode): string;
  /**
   * Read-only facts worth seeing before anyone confirms (`dr plan`, `dr failover`), such as the
   * newest restorable point. Must not change anything.
   */
  preview?(ctx: { input: I; signal: AbortSignal; mode: RunMode }): Promise<string>;
  /** Is the desired state already there? Omitted means "always apply". */
  check?(ctx: StepContext<I>): Promise<CheckResult<O>>;
  /** Makes it so; returns the outputs. */
  apply(ctx: StepContext<I>): Promise<O>;
  /** Proves it; throws a StepError when the proof fails. */
  verify?(ctx: StepContext<I> & { outputs: O }): Promise<void>;
}

/** Identity helper that types a step type definition (`defineStepType({...})`). */
export function defineStepType<I, O extends StepOutputs>(
  definition: StepType<I, O>,
): StepType<I, O> {
  return definition;
}

/** A step type with its types erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStepType = StepType<any, any>;
