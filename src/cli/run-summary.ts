import { existsSync, readFileSync } from 'node:fs';
import { parseDuration } from '../contract/duration.js';
import { leaseIsStale } from '../store/lease-files.js';
import type { RunContext } from '../engine/run-context.js';
import { defaultRegistry } from '../registry.js';
import { checkRunbookText } from '../runbook/load.js';
import type { Runbook } from '../runbook/schema.js';
import type { JournalRecord, RunMeta, RunStore } from '../store/types.js';

/** A run as `dr status` shows it: per tier and per step, with timings against objectives. */
export interface RunSummary {
  meta: RunMeta;
  status: RunMeta['status'];
  /** Whether a live dr process is running it right now (it holds its locks). */
  live: boolean;
  tiers: { name: string; status: string; elapsedMs?: number; rtoMs?: number; rtoMet?: boolean }[];
  steps: {
    id: string;
    tier: string;
    uses: string;
    status: string;
    attempts: number;
    error?: unknown;
    outputs?: unknown;
  }[];
  last?: JournalRecord;
}

function readRunbook(file: string): Runbook | undefined {
  if (!existsSync(file)) return undefined;
  return checkRunbookText(file, readFileSync(file, 'utf8'), { registry: defaultRegistry }).runbook;
}

function tierRows(runbook: Runbook | undefined, journal: JournalRecord[]): RunSummary['tiers'] {
  const started = journal.find((r) => r.type === 'run.started');
  const t0 = started ? Date.parse(started.at) : 0;
  return (runbook?.tiers ?? []).map((tier) => {
    const of = (type: string) => journal.findLast((r) => r.type === type && r.tier === tier.name);
    const verified = of('tier.verified');
    const status = verified
      ? 'done'
      : of('tier.failed')
        ? 'failed'
        : of('tier.started')
          ? 'running'
          : 'waiting';
    const rtoMs = tier.objectives.rto ? parseDuration(tier.objectives.rto) : undefined;
    const elapsedMs = verified ? Date.parse(verified.at) - t0 : undefined;
    return {
      name: tier.name,
      status,
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(rtoMs !== undefined ? { rtoMs } : {}),
      ...(elapsedMs !== undefined && rtoMs !== undefined ? { rtoMet: elapsedMs <= rtoMs } : {}),
    };
  });
}

/** Summarises a run from its meta, journal and snapshot. */
export function runSummary(store: RunStore, runId: string): RunSummary {
  const meta = store.readMeta(runId);
  const journal = store.readJournal(runId);
  const context = (store.readSnapshot(runId) as { context?: RunContext } | undefined)?.context;
  const runbook = readRunbook(meta.runbook.file);
  const failed = new Map(
    journal.filter((r) => r.type === 'step.failed').map((r) => [String(r.step), r.error]),
  );
  const steps = (runbook?.tiers ?? []).flatMap((tier) =>
    tier.steps.map((step) => {
      const state = context?.steps[step.id];
      const status =
        meta.status === 'failed' && failed.has(step.id) ? 'failed' : (state?.status ?? 'waiting');
      return {
        id: step.id,
        tier: tier.name,
        uses: step.uses,
        status,
        attempts: state?.attempts ?? 0,
        ...(failed.has(step.id) ? { error: failed.get(step.id) } : {}),
        ...(state?.outputs ? { outputs: state.outputs } : {}),
      };
    }),
  );
  const live = meta.environments.some((env) => {
    const lease = store.readLease(env);
    return lease?.runId === runId && !leaseIsStale(lease);
  });
  const last = journal.at(-1);
  return {
    meta,
    status: meta.status,
    live,
    tiers: tierRows(runbook, journal),
    steps,
    ...(last ? { last } : {}),
  };
}
