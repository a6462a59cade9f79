import { createActor, type AnyActor, type Subscription } from 'xstate';
import { compileRunbook } from '../compile/machine-config.js';
import type { StepRegistry } from '../contract/registry.js';
import type { StepLogger } from '../contract/step-type.js';
import type { Inventory } from '../runbook/inventory-schema.js';
import type { ResolveScope } from '../runbook/resolve.js';
import type { Runbook } from '../runbook/schema.js';
import type { JournalRecord, RunJournal, RunMeta, RunStatus, RunStore } from '../store/types.js';
import { checkInterlocks, verifyTier } from './checks.js';
import { LeaseHolder } from './leases.js';
import { backoffDelay } from './retry.js';
import type { MachineRuntime, RunContext } from './run-context.js';
import { createRunMachine } from './run-machine.js';
import { secretSource } from './secrets.js';
import { runStep, type StepRunnerOptions } from './step-runner.js';
import { parseDuration } from '../contract/duration.js';
import { sleep } from '../contract/sleep.js';
import { withTimeout } from './timeout.js';

/** How a run ended (or stopped). */
export interface RunOutcome {
  runId: string;
  status: RunStatus;
}

/** Everything a driver needs to run (or resume) one run. */
export interface DriverOptions {
  store: RunStore;
  registry: StepRegistry;
  meta: RunMeta;
  runbook: Runbook;
  inventory: Inventory | undefined;
  journal: RunJournal;
  leases: LeaseHolder;
  /** Hears every journal record as it is written (already redacted). */
  onRecord?: ((record: JournalRecord) => void) | undefined;
  /** How often the inbox (approvals, aborts) is read. */
  pollMs?: number;
}

const FINAL: Record<string, RunStatus> = {
  succeeded: 'succeeded',
  failed: 'failed',
  aborted: 'aborted',
};

/** Runs the compiled machine of one run: journals every transition, polls the inbox, ends the run. */
export class RunDriver {
  private actor: AnyActor | undefined;
  private subscription: Subscription | undefined;
  private poller: NodeJS.Timeout | undefined;
  private settle: ((outcome: RunOutcome) => void) | undefined;
  private ended = false;
  readonly done: Promise<RunOutcome>;

  constructor(private readonly o: DriverOptions) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  get runId(): string {
    return this.o.meta.id;
  }

  /** A record made inside a transition: durable at the transition's checkpoint. */
  private stage = (type: string, data: Record<string, unknown> = {}): void => {
    // Not `onRecord?.(journal.stage(…))`: an optional call skips its arguments when absent.
    const record = this.o.journal.stage(type, data);
    this.o.onRecord?.(record);
  };

  private record = (type: string, data: Record<string, unknown> = {}): JournalRecord => {
    const record = this.o.journal.append(type, data);
    this.o.onRecord?.(record);
    return record;
  };

  private context(): RunContext {
    return (
      (this.actor?.getSnapshot() as { context: RunContext } | undefined)?.context ?? {
        steps: {},
        approvals: {},
      }
    );
  }

  private scope(secret: (name: string) => string | undefined): ResolveScope {
    const { meta, runbook, inventory } = this.o;
    const outputs = Object.fromEntries(
      Object.entries(this.context().steps).map(([id, s]) => [id, s.outputs]),
    );
    return {
      params: meta.params,
      paramTypes: Object.fromEntries(Object.entries(runbook.params).map(([k, p]) => [k, p.type])),
      inventory,
      secret,
      outputs,
      run: { id: meta.id, mode: meta.mode, startedAt: meta.startedAt },
    };
  }

  private logger = (stepId: string): StepLogger => ({
    info: (message, data) =>
      this.record('step.log', { step: stepId, level: 'info', message, ...data }),
    warn: (message, data) =>
      this.record('step.log', { step: stepId, level: 'warn', message, ...data }),
    debug: () => undefined,
  });

  private runtime(): MachineRuntime {
    const secret = secretSource(this.o.inventory?.settings.secretsFile);
    const runner: StepRunnerOptions = {
      registry: this.o.registry,
      mode: this.o.meta.mode,
      runId: this.o.meta.id,
      scope: () => this.scope(secret),
      attemptOf: (id) => this.context().steps[id]?.attempts ?? 1,
      record: this.record,
      logger: this.logger,
    };
    const steps = new Map(this.o.runbook.tiers.flatMap((t) => t.steps).map((s) => [s.id, s]));
    return {
      mode: this.o.meta.mode,
      runStep: (id, signal, timeoutMs) =>
        withTimeout((inner) => runStep(runner, steps.get(id) as never, inner), {
          signal,
          timeoutMs,
          label: `step ${id}`,
          onTimeout: () => this.record('step.timed-out', { step: id, timeoutMs }),
        }),
      backoff: (id, signal) => sleep(this.context().steps[id]?.retryDelayMs ?? 1_000, signal),
      checkInterlocks: (id, signal) => checkInterlocks(runner, this.o.runbook, id, signal),
      verifyTier: (tier, signal) => verifyTier(runner, this.o.runbook, tier, signal),
      record: this.stage,
      backoffMs: (id, attempt) => {
        const retry = steps.get(id)?.retry;
        const baseMs = parseDuration(retry?.backoff ?? '1s') ?? 1_000;
        const maxMs = retry?.max ? (parseDuration(retry.max) ?? baseMs * 32) : baseMs * 32;
        return backoffDelay({ baseMs, maxMs }, attempt);
      },
    };
  }

  /** Starts the machine, fresh or from a persisted snapshot. */
  start(snapshot?: unknown): void {
    const config = compileRunbook(this.o.runbook, this.o.registry);
    const machine = createRunMachine(config, this.runtime());
    this.actor = createActor(machine, snapshot ? { snapshot: snapshot as never } : {});
    this.subscription = this.actor.subscribe({
      next: (state: { status: string; value: unknown }) => {
        const status =
          state.status === 'done' ? (FINAL[String(state.value)] ?? 'failed') : undefined;
        // A failed run keeps its last active snapshot, so `dr resume` re-enters the failed step.
        this.o.journal.checkpoint(
          status === 'failed' ? undefined : this.actor?.getPersistedSnapshot(),
        );
        if (status) this.finish(status);
      },
      error: (error: unknown) => {
        this.record('run.internal-error', { message: String(error) });
        this.finish('failed');
      },
    });
    this.o.leases.keepAlive((error) => {
      this.record('lock.lost', { message: String(error) });
      this.interrupt('lock lost');
    });
    this.poller = setInterval(() => this.readInbox(), this.o.pollMs ?? 200);
    this.actor.start();
    const first = this.actor.getSnapshot() as { status: string; value: unknown };
    if (first.status !== 'done') this.o.journal.checkpoint(this.actor.getPersistedSnapshot());
    else this.finish(FINAL[String(first.value)] ?? 'failed');
  }

  private readInbox(): void {
    if (this.ended || !this.actor) return;
    for (const { id, message } of this.o.store.readMessages(this.runId)) {
      if (message.type === 'approve') {
        this.record('gate.approval-received', { step: message.gate, by: message.by });
        this.actor.send({ type: 'APPROVE', gate: message.gate, by: message.by } as never);
      } else {
        this.record('run.abort-requested', { by: message.by, reason: message.reason });
        this.actor.send({ type: 'ABORT', by: message.by, reason: message.reason } as never);
      }
      this.o.store.ackMessage(this.runId, id);
      if (this.ended) return;
    }
  }

  private stopEverything(): void {
    this.ended = true;
    clearInterval(this.poller);
    this.subscription?.unsubscribe();
    this.o.leases.release();
  }

  private finish(status: RunStatus): void {
    if (this.ended) return;
    this.stopEverything();
    this.record(`run.${status}`);
    this.o.store.writeMeta({ ...this.o.meta, status, endedAt: new Date().toISOString() });
    this.o.journal.close();
    this.settle?.({ runId: this.runId, status });
  }

  /** Stops cleanly (Ctrl-C): in-flight steps are aborted; `dr resume` re-enters them through check. */
  interrupt(reason: string): void {
    if (this.ended) return;
    this.stopEverything();
    this.actor?.stop();
    this.record('run.interrupted', { reason });
    this.o.store.writeMeta({ ...this.o.meta, status: 'interrupted' });
    this.o.journal.close();
    this.settle?.({ runId: this.runId, status: 'interrupted' });
  }
}
