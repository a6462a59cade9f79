import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRunbook } from '../../../src/compile/machine-config.js';
import { mermaidDiagram } from '../../../src/compile/mermaid.js';
import { defaultRegistry } from '../../../src/registry.js';
import { checkRunbookText } from '../../../src/runbook/load.js';

function compile(name: string) {
  const text = readFileSync(`test/fixtures/runbooks/${name}`, 'utf8');
  const { runbook } = checkRunbookText(name, text, { registry: defaultRegistry });
  if (!runbook) throw new Error(`${name} does not validate`);
  return { runbook, config: compileRunbook(runbook, defaultRegistry) };
}

describe('compiler', () => {
  it('compiles to a machine whose structure is the plan (snapshot)', () => {
    expect(compile('builtin.yaml').config).toMatchSnapshot();
  });

  it('makes tiers, steps, needs and gates visible by name', () => {
    const { config } = compile('builtin.yaml');
    expect(Object.keys(config.states ?? {})).toEqual([
      'prepare',
      'switch',
      'succeeded',
      'failed',
      'aborted',
    ]);
    const prepare = config.states?.prepare?.states?.steps?.states ?? {};
    expect(Object.keys(prepare)).toEqual(['pause', 'approve']);
    expect(Object.keys(prepare.approve?.states ?? {})).toContain('awaiting-approval');
    const second = config.states?.switch?.states?.steps?.states?.second;
    expect(second?.states?.waiting?.always).toContainEqual({
      guard: { type: 'needsDone', params: { needs: ['first'] } },
      target: 'running',
    });
    expect(
      Object.keys(config.states?.switch?.states?.steps?.states?.first?.states ?? {}),
    ).toContain('retrying');
  });

  it('is pure: the same runbook gives the same config', () => {
    expect(JSON.stringify(compile('builtin.yaml').config)).toBe(
      JSON.stringify(compile('builtin.yaml').config),
    );
  });

  it('compiles a 500-step, 10-tier runbook', () => {
    const tiers = Array.from({ length: 10 }, (_, t) => ({
      name: `tier-${t}`,
      steps: Array.from({ length: 50 }, (_, s) => ({
        id: `t${t}-s${s}`,
        uses: 'wait',
        with: { duration: '1ms' },
        needs: s > 0 ? [`t${t}-s${s - 1}`] : [],
      })),
    }));
    const text = JSON.stringify({
      apiVersion: 'dr/v1',
      kind: 'Runbook',
      metadata: { name: 'big' },
      tiers,
    });
    const { runbook, issues } = checkRunbookText('big.yaml', text, { registry: defaultRegistry });
    expect(issues).toEqual([]);
    const config = compileRunbook(runbook!, defaultRegistry);
    expect(Object.keys(config.context.steps)).toHaveLength(500);
  });

  it('draws a Mermaid diagram with every step and need', () => {
    const { runbook } = compile('builtin.yaml');
    const diagram = mermaidDiagram(runbook, new Set(['gate.approval']));
    expect(diagram).toContain('switch__first --> switch__second');
    expect(diagram).toContain('approve: gate.approval ⏸');
  });
});
