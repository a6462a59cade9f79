import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/registry.js';
import { checkRunbookText } from '../../../src/runbook/load.js';

const fixture = (name: string) => readFileSync(`test/fixtures/runbooks/${name}`, 'utf8');
const check = (text: string) => checkRunbookText('rb.yaml', text, { registry: defaultRegistry });

describe('runbook validation', () => {
  it('accepts a valid runbook', () => {
    const { runbook, issues } = check(fixture('builtin.yaml'));
    expect(issues).toEqual([]);
    expect(runbook?.tiers.map((t) => t.name)).toEqual(['prepare', 'switch']);
  });

  it('finds ten different mistakes at once, each at its line and column', () => {
    const { runbook, issues } = check(fixture('ten-mistakes.yaml'));
    expect(runbook).toBeUndefined();
    const found = issues
      .map((i) => `${i.line}:${i.col} ${i.message.slice(0, 20)}`)
      .sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
    expect(found).toEqual([
      '6:39 param "pointInTime":',
      '9:24 not a duration: writ',
      '14:9 unknown key "retyr"',
      '15:13 duplicate step id "p',
      '19:15 unknown step type "h',
      '23:28 gate.approval: Inval',
      '28:17 needs "pause", a ste',
      '29:27 ${{ params.targt }}:',
      '32:16 needs form a cycle: ',
      '37:27 ${{ steps.gate.outpu',
    ]);
    expect(issues.find((i) => i.message.includes('retyr'))?.hint).toBe('did you mean "retry"?');
    expect(issues.find((i) => i.message.includes('http.chek'))?.hint).toBe(
      'did you mean "http.check"?',
    );
  });

  it('refuses a reference to a later step, and accepts one through needs', () => {
    const base = (needs: string) => `apiVersion: dr/v1
kind: Runbook
metadata: { name: refs }
tiers:
  - name: one
    steps:
      - id: probe
        uses: http.check
        with: { url: "http://127.0.0.1:9/" }
      - id: later
        uses: wait
        needs: ${needs}
        with: { duration: "\${{ steps.probe.outputs.elapsedMs }}ms" }
`;
    expect(check(base('[]')).issues.map((i) => i.message)).toEqual([
      expect.stringContaining('has not run yet here'),
    ]);
    expect(check(base('[probe]')).issues).toEqual([]);
  });

  it('checks references into the inventory when one is given', async () => {
    const { loadInventory } = await import('../../../src/runbook/load.js');
    const inventory = await loadInventory('runbooks/inventory.yaml');
    const text = `apiVersion: dr/v1
kind: Runbook
metadata: { name: inv }
params: { target: { type: environment, default: region-b } }
tiers:
  - name: one
    steps:
      - id: probe
        uses: http.check
        with: { url: "\${{ params.target.app.url }}/web/health" }
      - id: bad
        uses: http.check
        with: { url: "\${{ params.target.app.nope }}" }
`;
    const { issues } = checkRunbookText('rb.yaml', text, {
      registry: defaultRegistry,
      inventory: inventory.value,
    });
    expect(issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '13: ${{ params.target.app.nope }}: params.target.app.nope is not in the inventory',
    ]);
  });
});

describe('the example runbooks', () => {
  it('runbooks/odoo-failover.yaml validates against the example inventory', async () => {
    const { loadInventory, loadRunbook } = await import('../../../src/runbook/load.js');
    const inventory = await loadInventory('runbooks/inventory.yaml');
    const loaded = await loadRunbook('runbooks/odoo-failover.yaml', {
      registry: defaultRegistry,
      inventory: inventory.value,
    });
    expect(loaded.value.tiers.map((t) => t.name)).toEqual([
      'foundation',
      'database',
      'filestore',
      'ingress',
      'dns',
    ]);
  });

  it('runbooks/lab-failover.yaml validates (against the lab inventory in the e2e test)', async () => {
    const { loadRunbook } = await import('../../../src/runbook/load.js');
    const loaded = await loadRunbook('runbooks/lab-failover.yaml', { registry: defaultRegistry });
    expect(loaded.value.tiers.map((t) => t.name)).toEqual(['fence', 'database', 'measure']);
  });
});
