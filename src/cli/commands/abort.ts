import { DrError, ExitCode } from '../../contract/errors.js';
import { sleep } from '../../contract/sleep.js';
import { defineCommand, requirePositional, stringFlag } from '../command.js';
import { actingUser, openStore, storeOptions } from '../context.js';
import { runSummary } from '../run-summary.js';

export default defineCommand({
  name: 'abort',
  summary: 'stop a run for good (steps in flight are cancelled; it cannot be resumed)',
  usage: 'dr abort <run> [--reason TEXT] [--as NAME]',
  help: `Asks the running dr to abort the run: steps in flight are cancelled through their abort
signal, the run ends "aborted" and its environment locks are released. A run that no process is
running (crashed, interrupted, failed) is marked aborted directly. Recorded in the audit trail.`,
  options: { reason: { type: 'string' }, ...storeOptions },
  async run(args) {
    const runId = requirePositional(args, 0, 'the run id', 'abort');
    const store = openStore(args);
    const summary = runSummary(store, runId);
    if (summary.status === 'succeeded' || summary.status === 'aborted') {
      throw new DrError('run.ended', `run ${runId} already ended: ${summary.status}`, {
        exitCode: ExitCode.conflict,
      });
    }
    const by = actingUser(args);
    const reason = stringFlag(args, 'reason');
    const at = new Date().toISOString();
    if (summary.live) {
      store.postMessage(runId, { type: 'abort', by, at, ...(reason ? { reason } : {}) });
      for (let waited = 0; waited < 15_000; waited += 100) {
        if (store.readMeta(runId).status === 'aborted') break;
        await sleep(100);
      }
    } else {
      const journal = store.openJournal(runId);
      journal.append('run.aborted', { by, reason, offline: true });
      journal.close();
      store.writeMeta({ ...summary.meta, status: 'aborted', endedAt: at });
      for (const env of summary.meta.environments) store.releaseLease(env, runId);
    }
    const status = store.readMeta(runId).status;
    process.stdout.write(
      `run ${runId}: ${status === 'aborted' ? 'aborted' : `abort requested (still ${status})`}\n`,
    );
    return status === 'aborted' ? ExitCode.ok : ExitCode.conflict;
  },
});
