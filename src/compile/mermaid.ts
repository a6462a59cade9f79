import type { Runbook } from '../runbook/schema.js';

const safe = (name: string) => name.replace(/-/g, '_');

/** A Mermaid state diagram of the compiled machine: tiers in order, steps and their needs. */
export function mermaidDiagram(runbook: Runbook, gates: ReadonlySet<string>): string {
  const lines = ['stateDiagram-v2'];
  const tiers = runbook.tiers;
  lines.push(`  [*] --> ${safe(tiers[0]?.name ?? 'succeeded')}`);
  tiers.forEach((tier, index) => {
    const t = safe(tier.name);
    lines.push(
      `  state "${tier.name}${tier.objectives.rto ? ` (RTO ${tier.objectives.rto})` : ''}" as ${t} {`,
    );
    for (const step of tier.steps) {
      const s = `${t}__${safe(step.id)}`;
      const label = `${step.id}: ${step.uses}${gates.has(step.uses) ? ' ⏸' : ''}`;
      lines.push(`    state "${label}" as ${s}`);
      if (step.needs.length === 0) lines.push(`    [*] --> ${s}`);
      for (const need of step.needs) lines.push(`    ${t}__${safe(need)} --> ${s}`);
      if (!tier.steps.some((other) => other.needs.includes(step.id)))
        lines.push(`    ${s} --> ${t}__verify`);
    }
    lines.push(
      `    state "verify (${tier.verify.length} checks)" as ${t}__verify`,
      `    ${t}__verify --> [*]`,
      '  }',
    );
    const next = tiers[index + 1];
    lines.push(`  ${t} --> ${next ? safe(next.name) : 'succeeded'}`);
    lines.push(`  ${t} --> failed: step or verify failed`);
  });
  lines.push('  succeeded --> [*]', '  failed --> [*]');
  return `${lines.join('\n')}\n`;
}
