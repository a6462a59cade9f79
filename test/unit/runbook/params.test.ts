import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/registry.js';
import { loadInventory, loadRunbook } from '../../../src/runbook/load.js';
import { parseParamFlags, resolveParams } from '../../../src/runbook/params.js';

describe('run params', () => {
  it("types given values, applies defaults, and takes the source from the target's peer", async () => {
    const inventory = (await loadInventory('runbooks/inventory.yaml')).value;
    const runbook = (await loadRunbook('runbooks/lab-failover.yaml', { registry: defaultRegistry }))
      .value;
    const params = resolveParams(runbook, inventory, parseParamFlags(['target=region-b']));
    expect(params).toEqual({
      target: 'region-b',
      source: 'region-a',
      pointInTime: 'latest',
      disasterAt: '',
    });
  });

  it('refuses a time without an offset and an unknown environment', async () => {
    const inventory = (await loadInventory('runbooks/inventory.yaml')).value;
    const runbook = (await loadRunbook('runbooks/lab-failover.yaml', { registry: defaultRegistry }))
      .value;
    expect(() =>
      resolveParams(runbook, inventory, { target: 'region-b', pointInTime: '2026-12-04 10:00' }),
    ).toThrow(/ISO 8601 time with an offset/);
    expect(() => resolveParams(runbook, inventory, { target: 'region-c' })).toThrow(
      /no environment "region-c"/,
    );
    expect(() => parseParamFlags(['novalue'])).toThrow(/not key=value/);
  });
});
