import { planRunbook } from '../../compile/plan.js';
import { ExitCode } from '../../contract/errors.js';
import { defaultRegistry } from '../../registry.js';
import { boolFlag, defineCommand, requirePositional } from '../command.js';
import { loadDocuments } from '../documents.js';
import { planText, previewText } from '../plan-text.js';
import { planScope, previewWithSecrets } from '../run-scope.js';

export default defineCommand({
  name: 'plan',
  summary: 'show what a runbook would do, tier by tier and step by step, in words',
  usage: 'dr plan <runbook.yaml> [--inventory FILE] [--param k=v …] [--drill] [--json]',
  help: `Validates the runbook, resolves the params and inventory references it can, and prints
each tier (with its RTO/RPO objectives) and each step in order: what it would do, its needs,
timeout, retries, interlocks and drill behaviour. Secrets show as ***.

  --inventory FILE   inventory for environment params and references
  --param k=v        set a param (repeatable), e.g. --param target=region-b
  --drill            show the drill variant of each step
  --json             the plan as JSON

Example: dr plan runbooks/odoo-failover.yaml --param target=region-b`,
  options: {
    inventory: { type: 'string' },
    param: { type: 'string', multiple: true },
    drill: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args) {
    const file = requirePositional(args, 0, 'the runbook file', 'plan');
    const { runbook, inventory } = await loadDocuments(file, args, { inventoryRequired: false });
    const mode = boolFlag(args, 'drill') ? 'drill' : 'failover';
    const scope = planScope(runbook.value, inventory?.value, { args, mode });
    const plan = planRunbook(runbook.value, { registry: defaultRegistry, scope, mode });
    const previews = inventory
      ? await previewWithSecrets(runbook.value, inventory.value, scope, mode)
      : [];
    if (boolFlag(args, 'json')) {
      process.stdout.write(`${JSON.stringify({ ...plan, previews }, null, 2)}\n`);
    } else {
      process.stdout.write(`${planText(plan)}${previewText(previews)}`);
    }
    return ExitCode.ok;
  },
});
