import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { defaultRegistry } from '../registry.js';
import type { Inventory } from '../runbook/inventory-schema.js';
import { loadInventory, loadRunbook, type Loaded } from '../runbook/load.js';
import type { Runbook } from '../runbook/schema.js';
import { stringFlag, type CommandArgs } from './command.js';

/** Where dr looks for an inventory when `--inventory` is not given, in order. */
export const INVENTORY_CANDIDATES = ['inventory.yaml', '.lab/inventory.yaml'];

/** The inventory file: `--inventory`, `$DR_INVENTORY`, else the first candidate that exists. */
export function inventoryPath(args: CommandArgs, required: boolean): string | undefined {
  const given = stringFlag(args, 'inventory') ?? process.env.DR_INVENTORY;
  if (given) return resolve(given);
  const found = INVENTORY_CANDIDATES.map((c) => resolve(c)).find((c) => existsSync(c));
  if (!found && required) {
    throw new UsageError(
      'no inventory found',
      "pass --inventory FILE, set DR_INVENTORY, or run `dr lab up` for the lab's",
    );
  }
  return found;
}

/** Loads the inventory (when there is one) and the runbook, validated against each other. */
export async function loadDocuments(
  runbookFile: string | undefined,
  args: CommandArgs,
  options: { inventoryRequired: boolean; runbookKind?: 'failover' | 'failback' },
): Promise<{ runbook: Loaded<Runbook>; inventory: Loaded<Inventory> | undefined }> {
  const invFile = inventoryPath(args, options.inventoryRequired);
  const inventory = invFile ? await loadInventory(invFile) : undefined;
  const file =
    runbookFile ?? (options.runbookKind && inventory?.value.runbooks[options.runbookKind]);
  if (!file) {
    throw new UsageError(
      'no runbook given',
      `pass --runbook FILE, or name one under runbooks.${options.runbookKind ?? 'failover'} in the inventory`,
    );
  }
  const runbook = await loadRunbook(resolve(file), {
    registry: defaultRegistry,
    inventory: inventory?.value,
  });
  return { runbook, inventory };
}
