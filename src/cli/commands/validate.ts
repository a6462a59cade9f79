import { defaultRegistry } from '../../registry.js';
import { checkRunbookText, loadInventory, readSource } from '../../runbook/load.js';
import { formatIssue, InvalidDocumentError } from '../../runbook/issues.js';
import { boolFlag, defineCommand, requirePositional } from '../command.js';
import { inventoryPath } from '../documents.js';
import { relative, resolve } from 'node:path';
import { ExitCode } from '../../contract/errors.js';

export default defineCommand({
  name: 'validate',
  summary: 'check a runbook (and its inventory) like a compiler: every mistake, with file:line:col',
  usage: 'dr validate <runbook.yaml> [--inventory FILE] [--json]',
  help: `Checks the runbook against its schema and every cross-reference: unknown keys, types,
duplicate step ids, needs (missing, other tier, cycles), unknown step types, each step's "with"
against its type's schema, \${{ }} references to params, inventory, secrets and step outputs.
With an inventory (--inventory, $DR_INVENTORY, ./inventory.yaml or .lab/inventory.yaml), references
into it are checked too.

  --inventory FILE   inventory to check references against
  --json             print {"valid": bool, "issues": [...]} instead of text

Exit code 0 when valid, 3 when not.
Example: dr validate runbooks/odoo-failover.yaml --inventory runbooks/inventory.yaml`,
  options: { inventory: { type: 'string' }, json: { type: 'boolean' } },
  async run(args) {
    const file = resolve(requirePositional(args, 0, 'the runbook file', 'validate'));
    const invFile = inventoryPath(args, false);
    const inventory = invFile ? await loadInventory(invFile) : undefined;
    const { text, display } = await readSource(file);
    const { issues } = checkRunbookText(display, text, {
      registry: defaultRegistry,
      inventory: inventory?.value,
    });
    const sorted = issues.length > 0 ? new InvalidDocumentError(issues).issues : [];
    if (boolFlag(args, 'json')) {
      process.stdout.write(
        `${JSON.stringify({ valid: sorted.length === 0, issues: sorted }, null, 2)}\n`,
      );
    } else if (sorted.length === 0) {
      process.stdout.write(
        `${display}: valid${inventory ? ` (with ${relative(process.cwd(), inventory.file)})` : ''}\n`,
      );
    } else {
      process.stderr.write(
        `${sorted.map(formatIssue).join('\n')}\n${sorted.length} error(s) in ${display}\n`,
      );
    }
    return sorted.length === 0 ? ExitCode.ok : ExitCode.invalidInput;
  },
});
