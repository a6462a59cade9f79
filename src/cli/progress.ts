import { formatDuration, parseDuration } from '../contract/duration.js';
import { redactText } from '../contract/redact.js';
import type { Runbook } from '../runbook/schema.js';
import type { JournalRecord } from '../store/types.js';

/** How progress is shown: newline-delimited JSON, a line per event, or a live task list. */
export type ProgressStyle = 'json' | 'lines' | 'tty';

type Write = (text: string) => void;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ICON: Record<string, string> = {
  done: '✔',
  failed: '✖',
  skipped: '↷',
  waiting: '·',
  'awaiting-approval': '⏸',
  retrying: '↻',
};

/** A journal value as short text (multi-line output folded onto one line). */
export const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value)
        .trim()
        .replace(/\s*\n\s*/g, ' ⏎ ')
    : JSON.stringify(value);

/** One line for a journal record, as a person reads it. */
export function describeRecord(record: JournalRecord): string {
  const time = record.at.slice(11, 23);
  const subject = record.step
    ? `step ${str(record.step)}`
    : record.tier
      ? `tier ${str(record.tier)}`
      : 'run';
  const detail = [
    record.attempt !== undefined && `attempt ${str(record.attempt)}`,
    record.by !== undefined && `by ${str(record.by)}`,
    record.delayMs !== undefined && `in ${formatDuration(Number(record.delayMs))}`,
    typeof record.message === 'string' && record.message,
    record.error !== undefined &&
      `${(record.error as { code: string }).code}: ${(record.error as { message: string }).message}`,
    record.outputs !== undefined &&
      Object.keys(record.outputs as object).length > 0 &&
      JSON.stringify(record.outputs),
  ].filter(Boolean);
  return `${time} ${subject} ${record.type}${detail.length ? ` — ${detail.join(', ')}` : ''}`;
}

/** Follows a run's journal records and shows them in the chosen style. */
export class ProgressView {
  private readonly steps = new Map<
    string,
    { status: string; started?: number; outputs?: Record<string, unknown> }
  >();
  private readonly tiers = new Map<string, { started?: number; ended?: number; status: string }>();
  private timer: NodeJS.Timeout | undefined;
  /** A tier's recovery time counts from the start of the run, as its RTO does. */
  private runStarted: number | undefined;
  private drawn = 0;
  private frame = 0;

  constructor(
    private readonly runbook: Runbook,
    private readonly style: ProgressStyle,
    private readonly write: Write = (text) => process.stdout.write(redactText(text)),
  ) {
    for (const tier of runbook.tiers) {
      this.tiers.set(tier.name, { status: 'waiting' });
      for (const step of tier.steps) this.steps.set(step.id, { status: 'waiting' });
    }
    // unref: a run refused before it starts (a lock, a missing secret) must not hang on the spinner.
    if (style === 'tty') this.timer = setInterval(() => this.draw(), 100).unref();
  }

  onRecord = (record: JournalRecord): void => {
    if (this.style === 'json') return this.write(`${JSON.stringify(record)}\n`);
    this.track(record);
    if (this.style === 'lines') return this.write(`${describeRecord(record)}\n`);
    if (
      record.type.startsWith('run.') ||
      record.type === 'step.failed' ||
      record.type === 'step.retrying'
    ) {
      this.clear();
      this.write(`${describeRecord(record)}\n`);
    }
    this.draw();
  };

  private track(record: JournalRecord): void {
    const now = Date.parse(record.at);
    const step = typeof record.step === 'string' ? this.steps.get(record.step) : undefined;
    const tier = typeof record.tier === 'string' ? this.tiers.get(record.tier) : undefined;
    const stepStatus: Record<string, string> = {
      'step.started': 'running',
      'step.succeeded': 'done',
      'step.failed': 'failed',
      'step.skipped': 'skipped',
      'step.retrying': 'retrying',
      'gate.waiting': 'awaiting-approval',
      'gate.passed': 'done',
      'gate.auto-approved': 'done',
    };
    if (step && stepStatus[record.type]) step.status = stepStatus[record.type] ?? step.status;
    if (record.type === 'run.started') this.runStarted = now;
    if (step && record.type === 'step.started') step.started = now;
    if (step && record.type === 'step.succeeded')
      step.outputs = record.outputs as Record<string, unknown>;
    if (tier && record.type === 'tier.started')
      Object.assign(tier, { started: now, status: 'running' });
    if (tier && record.type === 'tier.verified')
      Object.assign(tier, { ended: now, status: 'done' });
    if (tier && record.type === 'tier.failed')
      Object.assign(tier, { ended: now, status: 'failed' });
  }

  private clear(): void {
    if (this.drawn > 0) this.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (this.style !== 'tty') return;
    this.clear();
    const lines: string[] = [];
    const spin = SPINNER[this.frame++ % SPINNER.length] ?? '*';
    for (const tier of this.runbook.tiers) {
      const state = this.tiers.get(tier.name);
      const from = this.runStarted ?? state?.started;
      const elapsed = state?.started && from ? (state.ended ?? Date.now()) - from : 0;
      const rto = tier.objectives.rto ? parseDuration(tier.objectives.rto) : undefined;
      const budget = rto
        ? ` / RTO ${formatDuration(rto)}${elapsed > rto ? ' — OVER BUDGET' : ''}`
        : '';
      const icon = state?.status === 'running' ? spin : (ICON[state?.status ?? 'waiting'] ?? '·');
      lines.push(
        `${icon} ${tier.name}  ${state?.started ? formatDuration(elapsed) : ''}${state?.started ? budget : ''}`,
      );
      for (const step of tier.steps) {
        const s = this.steps.get(step.id);
        const stepIcon = s?.status === 'running' ? spin : (ICON[s?.status ?? 'waiting'] ?? '·');
        lines.push(
          `    ${stepIcon} ${step.id} (${step.uses})${s?.status === 'awaiting-approval' ? ' — waiting for approval' : ''}`,
        );
      }
    }
    this.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  /** The outputs of the steps that returned any, a line each (the live view does not show them). */
  results(): string[] {
    return [...this.steps.entries()].flatMap(([id, step]) => {
      const entries = Object.entries(step.outputs ?? {});
      if (entries.length === 0) return [];
      return [`  ${id}: ${entries.map(([k, v]) => `${k}=${str(v)}`).join(', ')}`];
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.draw();
  }
}
