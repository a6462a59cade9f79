import { parseDuration } from '../contract/duration.js';
import type { StepRegistry } from '../contract/registry.js';
import type { Step } from '../runbook/schema.js';
import type { StateConfig } from './machine-config.js';

const mark = (stepId: string, status: string) => ({ type: 'markStep', params: { stepId, status } });

function waitingState(step: Step, first: string): StateConfig {
  const always: unknown[] = [];
  if (step.drill?.skip) {
    always.push({
      guard: { type: 'drillSkips' },
      target: 'skipped',
      actions: mark(step.id, 'skipped'),
    });
  }
  if (step.needs.length > 0) {
    const params = { needs: step.needs };
    always.push(
      {
        guard: { type: 'needsBlocked', params },
        target: 'skipped',
        actions: mark(step.id, 'skipped'),
      },
      { guard: { type: 'needsDone', params }, target: first },
    );
  } else always.push({ target: first });
  return { always };
}

function runningState(step: Step, failTarget: string): StateConfig {
  const params = { stepId: step.id, attempts: step.retry?.attempts ?? 1 };
  const timeoutMs = step.timeout === undefined ? undefined : parseDuration(step.timeout);
  const retry = step.retry
    ? [
        {
          guard: { type: 'canRetry', params },
          target: 'retrying',
          actions: { type: 'stepAttemptFailed', params },
        },
      ]
    : [];
  return {
    entry: { type: 'stepStarted', params: { stepId: step.id } },
    invoke: {
      id: `step:${step.id}`,
      src: 'runStep',
      // The timeout lives in the step actor, not in a delayed transition: a resumed run restarts
      // invoked actors, while xstate cannot persist timers.
      input: { stepId: step.id, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
      onDone: { target: 'done', actions: { type: 'stepSucceeded', params: { stepId: step.id } } },
      onError: [...retry, { target: failTarget, actions: { type: 'stepFailed', params } }],
    },
  };
}

function gateState(step: Step, approvals: number): StateConfig {
  const params = { stepId: step.id, approvals };
  const record = { type: 'recordApproval', params };
  return {
    entry: mark(step.id, 'awaiting-approval'),
    always: {
      guard: { type: 'gatesAutoApprove' },
      target: 'done',
      actions: { type: 'autoApprove', params },
    },
    on: {
      APPROVE: [
        { guard: { type: 'approvalCompletes', params }, target: 'done', actions: record },
        { guard: { type: 'approvalCounts', params }, actions: record },
      ],
    },
  };
}

/**
 * One step as a state: waiting (for its needs) → [interlock] → running | awaiting-approval →
 * done | failed | skipped, with its retry loop and timeout visible in the structure.
 */
export function stepState(step: Step, registry: StepRegistry): StateConfig {
  const isGate = registry.get(step.uses)?.gate === true;
  const failTarget = step.onError === 'fail' ? '#run.failed' : 'failed';
  const work = isGate ? 'awaiting-approval' : 'running';
  const first = step.require.length > 0 ? 'interlock' : work;
  const states: Record<string, StateConfig> = { waiting: waitingState(step, first) };
  if (step.require.length > 0) {
    states.interlock = {
      entry: mark(step.id, 'interlock'),
      invoke: {
        src: 'checkInterlocks',
        input: { stepId: step.id },
        onDone: work,
        onError: {
          target: failTarget,
          actions: { type: 'stepFailed', params: { stepId: step.id } },
        },
      },
    };
  }
  if (isGate) {
    const approvals = typeof step.with.approvals === 'number' ? step.with.approvals : 1;
    states[work] = gateState(step, approvals);
  } else {
    states.running = runningState(step, failTarget);
    if (step.retry) {
      states.retrying = {
        invoke: { src: 'backoff', input: { stepId: step.id }, onDone: 'running' },
      };
    }
  }
  states.done = { type: 'final' };
  states.failed = { type: 'final' };
  states.skipped = { type: 'final' };
  return { initial: 'waiting', states };
}
