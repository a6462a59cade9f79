import { assign, fromPromise, setup, type AnyStateMachine } from 'xstate';
import type { MachineConfig } from '../compile/machine-config.js';
import type { StepOutputs } from '../contract/step-type.js';
import { errorData } from './error-data.js';
import type { MachineRuntime, RunContext, RunEvent, StepRecord } from './run-context.js';

type StepParams = { stepId: string; attempts: number };
type GateParams = { stepId: string; approvals: number };
type Args = { context: RunContext; event: unknown };

const errorOf = (event: unknown) => errorData((event as { error?: unknown }).error ?? 'timed out');

function patchStep(context: RunContext, stepId: string, patch: Partial<StepRecord>) {
  const previous = context.steps[stepId] ?? { status: 'waiting', attempts: 0 };
  return { steps: { ...context.steps, [stepId]: { ...previous, ...patch } } };
}

function approvalIsNew({ context, event }: Args, params: GateParams): boolean {
  const e = event as RunEvent;
  if (e.type !== 'APPROVE' || e.gate !== params.stepId) return false;
  return !(context.approvals[params.stepId] ?? []).includes(e.by);
}

function guards(runtime: MachineRuntime) {
  const statusOf = (context: RunContext, id: string) => context.steps[id]?.status;
  return {
    needsDone: ({ context }: Args, p: { needs: string[] }) =>
      p.needs.every((n) => statusOf(context, n) === 'done' || statusOf(context, n) === 'failed'),
    needsBlocked: ({ context }: Args, p: { needs: string[] }) =>
      p.needs.some((n) => statusOf(context, n) === 'skipped'),
    canRetry: ({ context, event }: Args, p: StepParams) =>
      (context.steps[p.stepId]?.attempts ?? 0) < p.attempts && errorOf(event).retryable,
    drillSkips: () => runtime.mode === 'drill',
    gatesAutoApprove: () => runtime.mode !== 'failover',
    approvalCounts: approvalIsNew,
    approvalCompletes: (args: Args, p: GateParams) =>
      approvalIsNew(args, p) && (args.context.approvals[p.stepId] ?? []).length + 1 >= p.approvals,
  };
}

function stepActions(runtime: MachineRuntime) {
  return {
    markStep: assign(({ context }: Args, p: { stepId: string; status: string }) => {
      if (p.status === 'skipped') runtime.record('step.skipped', { step: p.stepId });
      if (p.status === 'awaiting-approval') runtime.record('gate.waiting', { step: p.stepId });
      return patchStep(context, p.stepId, { status: p.status });
    }),
    stepStarted: assign(({ context }: Args, p: { stepId: string }) => {
      const attempt = (context.steps[p.stepId]?.attempts ?? 0) + 1;
      runtime.record('step.started', { step: p.stepId, attempt });
      return patchStep(context, p.stepId, { status: 'running', attempts: attempt });
    }),
    stepSucceeded: assign(({ context, event }: Args, p: { stepId: string }) => {
      const outputs = (event as { output?: StepOutputs }).output ?? {};
      runtime.record('step.succeeded', { step: p.stepId, outputs });
      return patchStep(context, p.stepId, { status: 'done', outputs });
    }),
    stepAttemptFailed: assign(({ context, event }: Args, p: StepParams) => {
      const attempt = context.steps[p.stepId]?.attempts ?? 1;
      const retryDelayMs = runtime.backoffMs(p.stepId, attempt);
      const error = errorOf(event);
      runtime.record('step.retrying', { step: p.stepId, attempt, error, delayMs: retryDelayMs });
      return patchStep(context, p.stepId, { status: 'retrying', error, retryDelayMs });
    }),
    stepFailed: assign(({ context, event }: Args, p: { stepId: string }) => {
      const error = errorOf(event);
      runtime.record('step.failed', { step: p.stepId, error });
      return patchStep(context, p.stepId, { status: 'failed', ...(error ? { error } : {}) });
    }),
  };
}

function gateActions(runtime: MachineRuntime) {
  const approve = (context: RunContext, p: GateParams, names: string[]) => {
    const complete = names.length >= p.approvals;
    if (complete) runtime.record('gate.passed', { step: p.stepId, approvedBy: names });
    const patch = complete ? { status: 'done', outputs: { approvedBy: names.join(',') } } : {};
    return {
      ...patchStep(context, p.stepId, patch),
      approvals: { ...context.approvals, [p.stepId]: names },
    };
  };
  return {
    recordApproval: assign(({ context, event }: Args, p: GateParams) => {
      const by = (event as { by: string }).by;
      runtime.record('gate.approved', { step: p.stepId, by });
      return approve(context, p, [...(context.approvals[p.stepId] ?? []), by]);
    }),
    autoApprove: assign(({ context }: Args, p: GateParams) => {
      runtime.record('gate.auto-approved', { step: p.stepId, mode: runtime.mode });
      return approve(context, { ...p, approvals: 1 }, [`dr-${runtime.mode}`]);
    }),
  };
}

function tierActions(runtime: MachineRuntime) {
  // assign() actions run in document order with the step actions; plain actions would run later.
  const note = (type: string) =>
    assign((_: Args, p: { tier: string }) => {
      runtime.record(type, { tier: p.tier });
      return {};
    });
  return {
    tierStarted: note('tier.started'),
    tierVerifying: note('tier.verifying'),
    tierVerified: note('tier.verified'),
    tierFailed: assign(({ event }: Args, p: { tier: string }) => {
      runtime.record('tier.failed', { tier: p.tier, error: errorOf(event) });
      return {};
    }),
    runAborted: assign(({ event }: Args) => {
      runtime.record('run.aborting', { by: (event as { by?: string }).by });
      return {};
    }),
  };
}

/** Binds a compiled config to the engine's behaviour: the names in the config, implemented. */
export function createRunMachine(config: MachineConfig, runtime: MachineRuntime): AnyStateMachine {
  const machine = setup({
    types: { context: {} as RunContext, events: {} as RunEvent },
    actors: {
      runStep: fromPromise<StepOutputs, { stepId: string; timeoutMs?: number }>(
        ({ input, signal }) => runtime.runStep(input.stepId, signal, input.timeoutMs),
      ),
      backoff: fromPromise<void, { stepId: string }>(({ input, signal }) =>
        runtime.backoff(input.stepId, signal),
      ),
      checkInterlocks: fromPromise<void, { stepId: string }>(({ input, signal }) =>
        runtime.checkInterlocks(input.stepId, signal),
      ),
      verifyTier: fromPromise<void, { tier: string }>(({ input, signal }) =>
        runtime.verifyTier(input.tier, signal),
      ),
    },
    // The config names these with params; xstate's generic typing cannot see that through JSON.
    guards: guards(runtime),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    actions: { ...stepActions(runtime), ...gateActions(runtime), ...tierActions(runtime) } as never,
  });
  return machine.createMachine(config as never) as unknown as AnyStateMachine;
}
