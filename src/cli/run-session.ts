import { ExitCode } from '../contract/errors.js';
import type { RunDriver } from '../engine/driver.js';
import type { Runbook } from '../runbook/schema.js';
import type { JournalRecord } from '../store/types.js';
import { ProgressView, type ProgressStyle } from './progress.js';

/** The progress style for this terminal: `--json`, a TTY, or plain lines (CI, pipes). */
export function progressStyle(json: boolean): ProgressStyle {
  if (json) return 'json';
  return process.stdout.isTTY ? 'tty' : 'lines';
}

/** A view that prints journal records; hand its `onRecord` to the engine before the run starts. */
export function createView(runbook: Runbook, style: ProgressStyle) {
  const view = new ProgressView(runbook, style);
  let runId = '<run>';
  const hints = (record: JournalRecord) => {
    if (typeof record.run === 'string') runId = record.run;
    if (style !== 'json' && record.type === 'gate.waiting') {
      process.stderr.write(
        `  ⏸ gate ${String(record.step)} waits: dr approve ${runId} ${String(record.step)}\n`,
      );
    }
  };

  return {
    view,
    onRecord: (record: JournalRecord) => {
      view.onRecord(record);
      hints(record);
    },
  };
}

/** Waits for a run to end, with Ctrl-C stopping it cleanly; returns the exit code. */
export async function followRun(
  driver: RunDriver,
  view: ProgressView,
  style: ProgressStyle,
): Promise<number> {
  const onSignal = () => driver.interrupt('interrupted by signal (Ctrl-C)');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const outcome = await driver.done;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  view.stop();
  const results = view.results();
  if (style === 'tty' && results.length > 0)
    process.stdout.write(`results:\n${results.join('\n')}\n`);
  if (style !== 'json') {
    const next: Record<string, string> = {
      succeeded: '',
      failed: `  see what failed: dr status ${outcome.runId}\n  fix the cause, then retry from the failed step: dr resume ${outcome.runId}\n`,
      aborted: '',
      interrupted: `  the run is resumable: dr resume ${outcome.runId}\n`,
      running: '',
    };
    process.stderr.write(`run ${outcome.runId}: ${outcome.status}\n${next[outcome.status] ?? ''}`);
  }
  switch (outcome.status) {
    case 'succeeded':
      return ExitCode.ok;
    case 'interrupted':
      return ExitCode.interrupted;
    case 'failed':
    case 'aborted':
    case 'running':
      return ExitCode.runFailed;
  }
}
