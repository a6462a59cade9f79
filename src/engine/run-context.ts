import type { StepOutputs } from '../contract/step-type.js';

/** What the machine knows about a step; persisted with the snapshot, so a resume knows it too. */
export interface StepRecord {
  status: string;
  attempts: number;
  outputs?: StepOutputs;
  error?: { code: string; message: string; retryable: boolean };
  retryDelayMs?: number;
}

/** The machine's context. */
export interface RunContext {
  steps: Record<string, StepRecord>;
  approvals: Record<string, string[]>;
}

/** Events the machine accepts from outside. */
export type RunEvent =
  { type: 'APPROVE'; gate: string; by: string } | { type: 'ABORT'; by: string; reason?: string };

/** Things the machine does that are not state: run steps, checks and journal records. */
export interface MachineRuntime {
  mode: 'failover' | 'drill' | 'dry-run';
  /** Runs a step; past `timeoutMs` its signal is aborted and it fails with a retryable timeout. */
  runStep(stepId: string, signal: AbortSignal, timeoutMs?: number): Promise<StepOutputs>;
  /** Waits the retry delay computed when the step's last attempt failed. */
  backoff(stepId: string, signal: AbortSignal): Promise<void>;
  checkInterlocks(stepId: string, signal: AbortSignal): Promise<void>;
  verifyTier(tier: string, signal: AbortSignal): Promise<void>;
  /** Appends a journal record (fsync'd) — called inside transitions. */
  record(type: string, data: Record<string, unknown>): void;
  /** Delay before retry number `attempt` of a step (exponential, capped, with jitter). */
  backoffMs(stepId: string, attempt: number): number;
}
