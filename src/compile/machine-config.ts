import type { StepRegistry } from '../contract/registry.js';
import type { Runbook } from '../runbook/schema.js';
import { stepState } from './step-state.js';

/** A state of the compiled machine: plain JSON, behaviour referenced by name (xstate `setup`). */
export interface StateConfig {
  type?: 'parallel' | 'final';
  initial?: string;
  entry?: unknown;
  always?: unknown;
  invoke?: unknown;
  after?: Record<string, unknown>;
  on?: Record<string, unknown>;
  onDone?: unknown;
  states?: Record<string, StateConfig>;
}

/** The compiled machine: xstate v5 config with string-named guards, actions, actors and delays. */
export interface MachineConfig extends StateConfig {
  id: 'run';
  context: {
    steps: Record<string, { status: string; attempts: number }>;
    approvals: Record<string, string[]>;
  };
}

/** The id of the root machine's state for the tier after `index`, or the success state. */
function nextState(runbook: Runbook, index: number): string {
  const next = runbook.tiers[index + 1];
  return next ? `#run.${next.name}` : '#run.succeeded';
}

/**
 * Compiles a validated runbook into an xstate machine config. Pure: no I/O, same input, same
 * output. Tiers are sequential states; a tier's steps are the regions of a parallel state; the
 * tier's verify follows its steps. The structure is the plan.
 */
export function compileRunbook(runbook: Runbook, registry: StepRegistry): MachineConfig {
  const states: Record<string, StateConfig> = {};
  runbook.tiers.forEach((tier, index) => {
    const params = { tier: tier.name };
    states[tier.name] = {
      initial: 'steps',
      entry: { type: 'tierStarted', params },
      states: {
        steps: {
          type: 'parallel',
          states: Object.fromEntries(
            tier.steps.map((step) => [step.id, stepState(step, registry)]),
          ),
          onDone: 'verify',
        },
        verify: {
          entry: { type: 'tierVerifying', params },
          invoke: {
            src: 'verifyTier',
            input: params,
            onDone: {
              target: nextState(runbook, index),
              actions: { type: 'tierVerified', params },
            },
            onError: { target: '#run.failed', actions: { type: 'tierFailed', params } },
          },
        },
      },
    };
  });
  const steps = runbook.tiers.flatMap((tier) => tier.steps);
  return {
    id: 'run',
    initial: runbook.tiers[0]?.name ?? 'succeeded',
    context: {
      steps: Object.fromEntries(steps.map((step) => [step.id, { status: 'waiting', attempts: 0 }])),
      approvals: {},
    },
    on: { ABORT: { target: '.aborted', actions: { type: 'runAborted' } } },
    states: {
      ...states,
      succeeded: { type: 'final' },
      failed: { type: 'final' },
      aborted: { type: 'final' },
    },
  };
}
