import { compileRunbook } from '../../compile/machine-config.js';
import { mermaidDiagram } from '../../compile/mermaid.js';
import { ExitCode, UsageError } from '../../contract/errors.js';
import { defaultRegistry } from '../../registry.js';
import { defineCommand, requirePositional, stringFlag } from '../command.js';
import { loadDocuments } from '../documents.js';

export default defineCommand({
  name: 'graph',
  summary: 'print the compiled state machine (Mermaid diagram or xstate JSON config)',
  usage: 'dr graph <runbook.yaml> [--format mermaid|json]',
  help: `Compiles the runbook and prints its machine: tiers in order, each step a state, needs as
edges, gates marked ⏸. Paste the Mermaid output into a Markdown file or mermaid.live.

  --format mermaid   a Mermaid stateDiagram-v2 (default)
  --format json      the xstate v5 machine config the engine runs`,
  options: { format: { type: 'string' }, inventory: { type: 'string' } },
  async run(args) {
    const file = requirePositional(args, 0, 'the runbook file', 'graph');
    const format = stringFlag(args, 'format') ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'json') {
      throw new UsageError(`unknown format "${format}"`, 'use --format mermaid or --format json');
    }
    const { runbook } = await loadDocuments(file, args, { inventoryRequired: false });
    if (format === 'json') {
      const config = compileRunbook(runbook.value, defaultRegistry);
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    } else {
      const gates = new Set(defaultRegistry.types().filter((t) => defaultRegistry.get(t)?.gate));
      process.stdout.write(mermaidDiagram(runbook.value, gates));
    }
    return ExitCode.ok;
  },
});
