import { planRunbook } from '../compile/plan.js';
import { DrError, ExitCode, UsageError } from '../contract/errors.js';
import type { Runbook } from '../runbook/schema.js';
import { describeHolder, leaseIsStale } from '../store/lease-files.js';
import type { RunStore } from '../store/types.js';
import type { RunMode } from '../contract/step-type.js';
import { startRun } from '../engine/engine.js';
import { defaultRegistry } from '../registry.js';
import {
  boolFlag,
  defineCommand,
  requirePositional,
  stringFlag,
  type CommandArgs,
} from './command.js';
import { confirmByTyping } from './confirm.js';
import { actingUser, openStore, storeOptions } from './context.js';
import { loadDocuments } from './documents.js';
import { planText, previewText } from './plan-text.js';
import { planScope, previewWithSecrets } from './run-scope.js';
import { createView, followRun, progressStyle } from './run-session.js';

/** Params implied by the command line: the target environment, and `--at` for the first time param. */
function impliedParams(
  args: CommandArgs,
  runbookParams: Record<string, { type: string }>,
  target: string,
) {
  const entries = Object.entries(runbookParams);
  const envParam = entries.find(([, p]) => p.type === 'environment')?.[0];
  if (!envParam) throw new UsageError('this runbook has no environment param to fail over to');
  const given: Record<string, string> = { [envParam]: target };
  const at = stringFlag(args, 'at');
  if (at !== undefined) {
    const timeParam = entries.find(([, p]) => p.type === 'time')?.[0];
    if (!timeParam) throw new UsageError('--at needs a runbook param of type time');
    given[timeParam] = at;
  }
  return given;
}

/**
 * Says who holds an environment before asking anyone to confirm (the engine takes the locks, and
 * refuses again, atomically, when the run starts).
 */
function refuseIfLocked(store: RunStore, runbook: Runbook, params: Record<string, unknown>): void {
  for (const [name, param] of Object.entries(runbook.params)) {
    const lease = param.type === 'environment' ? store.readLease(String(params[name])) : undefined;
    if (lease && !leaseIsStale(lease)) {
      throw new DrError('lock.held', `${lease.environment} is locked by ${describeHolder(lease)}`, {
        exitCode: ExitCode.conflict,
        hint: `wait for it, or see it with: dr status ${lease.runId}`,
      });
    }
  }
}

async function run(kind: 'failover' | 'failback', args: CommandArgs): Promise<number> {
  const target = requirePositional(args, 0, 'the environment to fail over to', kind);
  const { runbook, inventory } = await loadDocuments(stringFlag(args, 'runbook'), args, {
    inventoryRequired: true,
    runbookKind: kind,
  });
  const mode: RunMode = boolFlag(args, 'dry-run') ? 'dry-run' : 'failover';
  const given = impliedParams(args, runbook.value.params, target);
  const scope = planScope(runbook.value, inventory?.value, { args, given, mode });
  const json = boolFlag(args, 'json');
  const plan = planRunbook(runbook.value, { registry: defaultRegistry, scope, mode });
  const previews = inventory
    ? await previewWithSecrets(runbook.value, inventory.value, scope, mode)
    : [];
  if (json) process.stdout.write(`${JSON.stringify({ type: 'plan', plan, previews })}\n`);
  else process.stderr.write(`${planText(plan)}${previewText(previews)}`);
  const store = openStore(args);
  if (mode === 'failover') refuseIfLocked(store, runbook.value, scope.params);
  if (mode === 'failover' && !boolFlag(args, 'yes')) {
    const question = `\nThis moves production to ${target}.`;
    if (!(await confirmByTyping(target, question))) {
      process.stderr.write('not confirmed: nothing was done\n');
      return ExitCode.usage;
    }
  }
  const style = progressStyle(json);
  const { view, onRecord } = createView(runbook.value, style);
  const driver = startRun({
    store,
    registry: defaultRegistry,
    by: actingUser(args),
    onRecord,
    runbook,
    inventory,
    params: scope.params,
    mode,
  });
  if (!json) process.stderr.write(`run ${driver.runId} started (dr status ${driver.runId})\n`);
  return followRun(driver, view, style);
}

/** `dr failover` and `dr failback`: the same engine, the inventory's runbook of that kind. */
export function failoverCommand(kind: 'failover' | 'failback') {
  return defineCommand({
    name: kind,
    summary:
      kind === 'failover'
        ? "move production to an environment (runs the inventory's failover runbook)"
        : "move production back after a failover (runs the inventory's failback runbook)",
    usage: `dr ${kind} <environment> [--runbook F] [--inventory F] [--param k=v …] [--at TIME] [--dry-run] [--yes] [--json]`,
    help: `Shows the plan, asks you to type the environment name, then runs the runbook with live
progress by tier and step. Every transition is journaled under .dr/ (--store); if anything
stops the run (Ctrl-C, a crash, kill -9), \`dr resume <run>\` continues where it was.
One ${kind} per environment at a time: a second one is refused with the holder of the lock.

  --runbook FILE     runbook to run (default: runbooks.${kind} in the inventory)
  --inventory FILE   inventory (default: $DR_INVENTORY, ./inventory.yaml, .lab/inventory.yaml)
  --param k=v        set a runbook param (repeatable)
  --at TIME          recovery point: sets the runbook's time param (ISO 8601 with offset, or latest)
  --dry-run          check every step, apply nothing
  --yes              do not ask for confirmation (CI, scripts)
  --json             newline-delimited JSON events on stdout
  --as NAME          who you are, for the audit trail (default: $DR_USER or your login)
  --store DIR        run store folder (default: $DR_STORE or .dr)

Exit codes: 0 succeeded, 4 failed or aborted, 5 environment locked, 6 interrupted (resumable).
Example: dr ${kind} region-b --at 2026-12-04T10:30:00Z`,
    options: {
      runbook: { type: 'string' },
      inventory: { type: 'string' },
      param: { type: 'string', multiple: true },
      at: { type: 'string' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      json: { type: 'boolean' },
      ...storeOptions,
    },
    run: (args) => run(kind, args),
  });
}
