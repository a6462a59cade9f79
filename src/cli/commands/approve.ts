import { DrError, ExitCode } from '../../contract/errors.js';
import { boolFlag, defineCommand, requirePositional } from '../command.js';
import { actingUser, openStore, storeOptions } from '../context.js';
import { runSummary } from '../run-summary.js';

export default defineCommand({
  name: 'approve',
  summary: 'approve a gate of a run (from any terminal)',
  usage: 'dr approve <run> <gate> [--as NAME] [--json]',
  help: `Records your approval of a gate.approval step. The running dr picks it up within a
fraction of a second (a stopped run picks it up when resumed). A gate that needs N approvals
needs N different people; approving twice does not count twice.

  --as NAME   who approves (default: $DR_USER or your login) — written in the audit trail`,
  options: { json: { type: 'boolean' }, ...storeOptions },
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(args) {
    const runId = requirePositional(args, 0, 'the run id', 'approve');
    const gate = requirePositional(args, 1, 'the gate (step id)', 'approve');
    const store = openStore(args);
    const summary = runSummary(store, runId);
    const step = summary.steps.find((s) => s.id === gate);
    if (!step || step.uses !== 'gate.approval') {
      const gates = summary.steps.filter((s) => s.uses === 'gate.approval').map((s) => s.id);
      throw new DrError('gate.unknown', `run ${runId} has no gate "${gate}"`, {
        exitCode: ExitCode.usage,
        hint: gates.length ? `its gates: ${gates.join(', ')}` : 'this run has no gates',
      });
    }
    if (summary.status === 'succeeded' || summary.status === 'aborted' || step.status === 'done') {
      throw new DrError(
        'gate.closed',
        `gate ${gate} of run ${runId} is not waiting (${step.status}, run ${summary.status})`,
        {
          exitCode: ExitCode.conflict,
        },
      );
    }
    const by = actingUser(args);
    store.postMessage(runId, { type: 'approve', gate, by, at: new Date().toISOString() });
    const text = `approval of ${gate} by ${by} sent to run ${runId}`;
    process.stdout.write(
      boolFlag(args, 'json') ? `${JSON.stringify({ runId, gate, by })}\n` : `${text}\n`,
    );
    return ExitCode.ok;
  },
});
