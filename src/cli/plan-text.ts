import type { Plan } from '../compile/plan.js';

/** Preview lines (read-only facts such as the newest restorable point), one per step. */
export function previewText(previews: { step: string; text: string }[]): string {
  return previews.map((p) => `\n${p.step}: ${p.text}`).join('') + (previews.length ? '\n' : '');
}

/** The plan as a person reads it: tiers in order, steps with what they do, in words. */
export function planText(plan: Plan): string {
  const params = Object.entries(plan.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const lines = [`Plan: ${plan.runbook} (${plan.mode})${params ? `   ${params}` : ''}`];
  plan.tiers.forEach((tier, t) => {
    const objectives = [
      tier.objectives.rto && `RTO ${tier.objectives.rto}`,
      tier.objectives.rpo && `RPO ${tier.objectives.rpo}`,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      '',
      `Tier ${t + 1}/${plan.tiers.length}: ${tier.name}${objectives ? ` — ${objectives}` : ''}`,
    );
    tier.steps.forEach((step, i) => {
      const after = step.needs.length > 0 ? ` (after ${step.needs.join(', ')})` : '';
      lines.push(`  ${i + 1}. ${step.id} [${step.uses}]${after}`, `       ${step.does}`);
      const notes = [
        step.require.length > 0 && `only if: ${step.require.join('; ')}`,
        step.timeout && `timeout ${step.timeout}`,
        step.retry && `retry ${step.retry}`,
        step.onError === 'continue' && 'on error: continue',
        step.drill && `in a drill: ${step.drill}`,
      ].filter(Boolean);
      for (const note of notes) lines.push(`       · ${String(note)}`);
    });
    for (const check of tier.verify) lines.push(`  verify: ${check}`);
  });
  return `${lines.join('\n')}\n`;
}
