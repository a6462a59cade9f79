/**
 * The one error family of dr. Every error a user can meet has a stable `code`, the process exit
 * code it maps to, and a `hint` that says what to do. Only `src/cli/main.ts` prints them.
 */

/** Process exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidInput: 3,
  runFailed: 4,
  conflict: 5,
  interrupted: 6,
  objectiveBreached: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Options shared by every error of the family. */
export interface DrErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCode;
}

/** Base of the family: a stable code, an exit code, an optional hint. */
export class DrError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: DrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrError';
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.internal;
    this.hint = options.hint;
  }
}

/** The command line was wrong: unknown flag, missing argument. */
export class UsageError extends DrError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** Options of a step failure. */
export interface StepErrorOptions extends DrErrorOptions {
  /** Whether trying again can help (a timeout, a refused connection), or never (a bad target). */
  retryable: boolean;
}

/**
 * A step failed. `retryable` tells the engine whether its retry policy applies; a non-retryable
 * error fails the step at once.
 */
export class StepError extends DrError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: StepErrorOptions) {
    super(code, message, { exitCode: ExitCode.runFailed, ...options });
    this.name = 'StepError';
    this.retryable = options.retryable;
  }
}

/** A failure that trying again may cure. */
export function retryableError(code: string, message: string, options: DrErrorOptions = {}) {
  return new StepError(code, message, { ...options, retryable: true });
}

/** A failure that no retry can cure. */
export function fatalError(code: string, message: string, options: DrErrorOptions = {}) {
  return new StepError(code, message, { ...options, retryable: false });
}

/** Whether an unknown thrown value says a retry can help (unknown errors are retryable). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StepError) return error.retryable;
  if (error instanceof DrError) return false;
  return true;
}
