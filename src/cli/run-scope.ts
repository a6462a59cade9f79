import type { RunMode } from '../contract/step-type.js';
import { previewSteps } from '../engine/preview.js';
import { secretSource } from '../engine/secrets.js';
import { defaultRegistry } from '../registry.js';
import type { Inventory } from '../runbook/inventory-schema.js';
import { parseParamFlags, resolveParams } from '../runbook/params.js';
import type { ResolveScope } from '../runbook/resolve.js';
import type { Runbook } from '../runbook/schema.js';
import { listFlag, type CommandArgs } from './command.js';

/** A resolution scope for planning: params known, secrets and step outputs not yet. */
export function planScope(
  runbook: Runbook,
  inventory: Inventory | undefined,
  options: { args: CommandArgs; given?: Record<string, string>; mode: RunMode },
): ResolveScope {
  const given = { ...parseParamFlags(listFlag(options.args, 'param')), ...options.given };
  return {
    params: resolveParams(runbook, inventory, given),
    paramTypes: Object.fromEntries(Object.entries(runbook.params).map(([k, p]) => [k, p.type])),
    inventory,
    secret: () => undefined,
    outputs: {},
    run: { id: '(new run)', mode: options.mode, startedAt: '(at start)' },
  };
}

/** Runs the steps' previews with the real secrets (values are registered for redaction). */
export function previewWithSecrets(
  runbook: Runbook,
  inventory: Inventory,
  scope: ResolveScope,
  mode: RunMode,
): Promise<{ step: string; text: string }[]> {
  const secret = secretSource(inventory.settings.secretsFile);
  return previewSteps(runbook, { registry: defaultRegistry, scope: { ...scope, secret }, mode });
}
