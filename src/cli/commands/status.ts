import { formatDuration } from '../../contract/duration.js';
import { ExitCode, UsageError } from '../../contract/errors.js';
import { describeRecord, str } from '../progress.js';
import { boolFlag, defineCommand } from '../command.js';
import { openStore, storeOptions } from '../context.js';
import { runSummary, type RunSummary } from '../run-summary.js';

function text(s: RunSummary): string {
  const m = s.meta;
  const lines = [
    `run ${m.id}: ${s.status}${s.live ? ' (running now)' : ''}`,
    `  runbook ${m.runbook.name} (${m.mode}), started ${m.startedAt} by ${m.startedBy}${m.endedAt ? `, ended ${m.endedAt}` : ''}`,
    `  params ${Object.entries(m.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ')}`,
  ];
  for (const tier of s.tiers) {
    const time = tier.elapsedMs !== undefined ? ` at ${formatDuration(tier.elapsedMs)}` : '';
    const rto =
      tier.rtoMs !== undefined
        ? ` (RTO ${formatDuration(tier.rtoMs)}${tier.rtoMet === false ? ' — missed' : ''})`
        : '';
    lines.push(`  tier ${tier.name}: ${tier.status}${time}${rto}`);
    for (const step of s.steps.filter((st) => st.tier === tier.name)) {
      const error = step.error ? ` — ${(step.error as { message?: string }).message ?? ''}` : '';
      const tries = step.attempts > 1 ? ` (${step.attempts} attempts)` : '';
      const outputs = Object.entries(step.outputs ?? {}).map(([k, v]) => `${k}=${str(v)}`);
      const shown = outputs.length > 0 ? `\n      ${outputs.join(', ')}` : '';
      lines.push(`    ${step.id} [${step.uses}]: ${step.status}${tries}${error}${shown}`);
    }
  }
  if (s.last) lines.push(`  last event: ${describeRecord(s.last)}`);
  const waiting = s.steps.filter((st) => st.status === 'awaiting-approval');
  for (const gate of waiting) lines.push(`  waiting for approval: dr approve ${m.id} ${gate.id}`);
  if ((s.status === 'running' && !s.live) || s.status === 'interrupted' || s.status === 'failed') {
    lines.push(`  resume with: dr resume ${m.id}`);
  }
  return `${lines.join('\n')}\n`;
}

export default defineCommand({
  name: 'status',
  summary: 'show a run: tiers, steps, timings against RTO, gates waiting',
  usage: 'dr status [run] [--json]',
  help: `Shows the run (default: the newest), tier by tier: what is done, running, waiting for
approval or failed, and each tier's recovery time against its RTO objective.`,
  options: { json: { type: 'boolean' }, ...storeOptions },
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(args) {
    const store = openStore(args);
    const runId = args.positionals[0] ?? store.listRuns().at(-1)?.id;
    if (!runId) throw new UsageError('no runs yet', 'start one with dr failover <environment>');
    const summary = runSummary(store, runId);
    process.stdout.write(
      boolFlag(args, 'json') ? `${JSON.stringify(summary, null, 2)}\n` : text(summary),
    );
    return ExitCode.ok;
  },
});
