import { resumeRun } from '../../engine/engine.js';
import { defaultRegistry } from '../../registry.js';
import { loadInventory, loadRunbook } from '../../runbook/load.js';
import { boolFlag, defineCommand, requirePositional } from '../command.js';
import { actingUser, openStore, storeOptions } from '../context.js';
import { createView, followRun, progressStyle } from '../run-session.js';

export default defineCommand({
  name: 'resume',
  summary: 'continue a run after a crash, kill -9, Ctrl-C or a failed step',
  usage: 'dr resume <run> [--force] [--json] [--as NAME]',
  help: `Restores the run's persisted state machine: steps that were done stay done, steps that
were in flight (or failed) are re-entered through their check, so nothing is applied twice.
The runbook and inventory must be the ones the run started with; if either changed, resume is
refused (--force accepts the change — look at it first).

  --force     resume even though the runbook or inventory changed
  --json      newline-delimited JSON events on stdout`,
  options: { force: { type: 'boolean' }, json: { type: 'boolean' }, ...storeOptions },
  async run(args) {
    const runId = requirePositional(args, 0, 'the run id (dr runs lists them)', 'resume');
    const store = openStore(args);
    const meta = store.readMeta(runId);
    const inventory = meta.inventory ? await loadInventory(meta.inventory.file) : undefined;
    const runbook = await loadRunbook(meta.runbook.file, {
      registry: defaultRegistry,
      inventory: inventory?.value,
    });
    const style = progressStyle(boolFlag(args, 'json'));
    const { view, onRecord } = createView(runbook.value, style);
    const driver = resumeRun({
      store,
      registry: defaultRegistry,
      by: actingUser(args),
      onRecord,
      runId,
      runbook,
      inventory,
      force: boolFlag(args, 'force'),
    });
    return followRun(driver, view, style);
  },
});
