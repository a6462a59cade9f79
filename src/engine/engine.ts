import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DrError, ExitCode } from '../contract/errors.js';
import type { StepRegistry } from '../contract/registry.js';
import type { RunMode } from '../contract/step-type.js';
import type { Inventory } from '../runbook/inventory-schema.js';
import type { Loaded } from '../runbook/load.js';
import { secretNames } from '../runbook/resolve.js';
import type { Runbook } from '../runbook/schema.js';
import type { JournalRecord, RunMeta, RunStore } from '../store/types.js';
import { RunDriver } from './driver.js';
import { LeaseHolder } from './leases.js';
import { requireSecrets, secretSource } from './secrets.js';

/** What every engine entry point needs. */
export interface EngineOptions {
  store: RunStore;
  registry: StepRegistry;
  /** Who is acting (`--as`, $DR_USER or the login name): written into the audit trail. */
  by: string;
  onRecord?: (record: JournalRecord) => void;
  leaseTtlMs?: number;
  pollMs?: number;
}

/** A new run id: sortable by time, readable, unique. */
export function newRunId(runbookName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${runbookName}-${randomBytes(2).toString('hex')}`;
}

/** Who acts on a run, from where: the audit fields of `run.started` and `run.resumed`. */
function auditFields(runId: string, by: string) {
  return { run: runId, by, host: hostname(), pid: process.pid };
}

function environmentsOf(runbook: Runbook, params: Record<string, unknown>): string[] {
  return Object.entries(runbook.params)
    .filter(([, p]) => p.type === 'environment')
    .map(([name]) => String(params[name]));
}

function refusePlanned(runbook: Runbook, registry: StepRegistry): void {
  const uses = runbook.tiers.flatMap((t) => [
    ...t.steps.flatMap((s) => [s.uses, ...s.require.map((c) => c.uses)]),
    ...t.verify.map((c) => c.uses),
  ]);
  const planned = [...new Set(uses.filter((u) => registry.get(u)?.planned))];
  if (planned.length > 0) {
    throw new DrError(
      'step.not-implemented',
      `this runbook uses step types not implemented yet: ${planned.join(', ')}`,
      {
        exitCode: ExitCode.invalidInput,
        hint: 'they validate and plan, but cannot run yet; run a runbook without them',
      },
    );
  }
}

/** Refuses, before anything starts, what cannot or may not run; then takes the locks. */
function prepareRun(
  options: EngineOptions,
  runbook: Runbook,
  inventory: Inventory | undefined,
  meta: RunMeta,
) {
  refusePlanned(runbook, options.registry);
  refuseUnsafe(runbook, inventory);
  const leases = new LeaseHolder(options.store, meta.id, options.by, options.leaseTtlMs);
  leases.acquire(meta.environments);
  return leases;
}

function refuseUnsafe(runbook: Runbook, inventory: Inventory | undefined): void {
  const usesExec = runbook.tiers.some((t) => t.steps.some((s) => s.uses === 'exec'));
  if (usesExec && !inventory?.settings.allowExec) {
    throw new DrError(
      'exec.not-allowed',
      'this runbook runs programs (exec), which the inventory does not allow',
      {
        exitCode: ExitCode.invalidInput,
        hint: 'set settings.allowExec: true in the inventory if you trust this runbook',
      },
    );
  }
  const secret = secretSource(inventory?.settings.secretsFile);
  requireSecrets([...secretNames(runbook), ...secretNames(inventory?.environments ?? {})], secret);
}

/** Starts a new run: takes the environment locks, writes the run, starts the machine. */
export function startRun(
  options: EngineOptions & {
    runbook: Loaded<Runbook>;
    inventory: Loaded<Inventory> | undefined;
    params: Record<string, unknown>;
    mode: RunMode;
  },
): RunDriver {
  const runbook = options.runbook.value;
  const meta: RunMeta = {
    id: newRunId(runbook.metadata.name),
    runbook: {
      name: runbook.metadata.name,
      file: options.runbook.file,
      sha256: options.runbook.sha256,
    },
    ...(options.inventory
      ? { inventory: { file: options.inventory.file, sha256: options.inventory.sha256 } }
      : {}),
    params: options.params,
    mode: options.mode,
    environments: options.mode === 'failover' ? environmentsOf(runbook, options.params) : [],
    startedBy: options.by,
    startedAt: new Date().toISOString(),
    status: 'running',
  };
  const leases = prepareRun(options, runbook, options.inventory?.value, meta);
  const journal = options.store.createRun(meta);
  const driver = new RunDriver({
    ...options,
    meta,
    runbook,
    inventory: options.inventory?.value,
    journal,
    leases,
  });
  const started = journal.append('run.started', {
    ...auditFields(meta.id, options.by),
    mode: meta.mode,
    params: meta.params,
    runbook: meta.runbook,
    inventory: meta.inventory,
  });
  options.onRecord?.(started);
  driver.start();
  return driver;
}

function refuseChanged(
  meta: RunMeta,
  runbook: Loaded<Runbook>,
  inventory: Loaded<Inventory> | undefined,
) {
  const changed = [
    runbook.sha256 !== meta.runbook.sha256 && `runbook ${meta.runbook.file}`,
    inventory &&
      meta.inventory &&
      inventory.sha256 !== meta.inventory.sha256 &&
      `inventory ${meta.inventory.file}`,
  ].filter(Boolean);
  if (changed.length > 0) {
    throw new DrError(
      'run.changed',
      `the ${changed.join(' and the ')} changed since run ${meta.id} started`,
      {
        exitCode: ExitCode.conflict,
        hint: `check the change (git diff); resume anyway with: dr resume ${meta.id} --force`,
      },
    );
  }
}

/** Resumes a run after a crash, kill -9 or Ctrl-C: the persisted snapshot decides what is left. */
export function resumeRun(
  options: EngineOptions & {
    runId: string;
    runbook: Loaded<Runbook>;
    inventory: Loaded<Inventory> | undefined;
    force: boolean;
  },
): RunDriver {
  const meta = options.store.readMeta(options.runId);
  if (meta.status === 'succeeded' || meta.status === 'aborted') {
    throw new DrError('run.ended', `run ${meta.id} already ended: ${meta.status}`, {
      exitCode: ExitCode.conflict,
      hint: 'start a new run instead',
    });
  }
  if (!options.force) refuseChanged(meta, options.runbook, options.inventory);
  const leases = prepareRun(options, options.runbook.value, options.inventory?.value, meta);
  const resumed = { ...meta, status: 'running' as const };
  options.store.writeMeta(resumed);
  const journal = options.store.openJournal(meta.id);
  const driver = new RunDriver({
    ...options,
    meta: resumed,
    runbook: options.runbook.value,
    inventory: options.inventory?.value,
    journal,
    leases,
  });
  const record = journal.append('run.resumed', {
    ...auditFields(meta.id, options.by),
    force: options.force,
  });
  options.onRecord?.(record);
  driver.start(options.store.readSnapshot(meta.id));
  return driver;
}
