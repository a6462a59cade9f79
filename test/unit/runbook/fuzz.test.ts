import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/registry.js';
import { checkRunbookText } from '../../../src/runbook/load.js';

const valid = readFileSync('test/fixtures/runbooks/builtin.yaml', 'utf8');

function expectTypedFailureOrRunbook(text: string) {
  const { runbook, issues } = checkRunbookText('fuzz.yaml', text, { registry: defaultRegistry });
  if (runbook) return;
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.file).toBe('fuzz.yaml');
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.col).toBeGreaterThanOrEqual(1);
    expect(typeof issue.message).toBe('string');
  }
}

describe('the loader never throws', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), expectTypedFailureOrRunbook), {
      numRuns: 400,
    });
  });

  it('on random JSON-like values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) =>
        expectTypedFailureOrRunbook(JSON.stringify(value)),
      ),
      { numRuns: 300 },
    );
  });

  it('on mutations of a valid runbook', () => {
    const mutation = fc.tuple(
      fc.nat({ max: valid.length }),
      fc.nat({ max: 20 }),
      fc.string({
        maxLength: 12,
        unit: fc.constantFrom(...' :-[]{}&*!|>\'"#\n$%{}ab1.'.split('')),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = valid;
        for (const [at, remove, insert] of mutations)
          text = text.slice(0, at) + insert + text.slice(at + remove);
        expectTypedFailureOrRunbook(text);
      }),
      { numRuns: 500 },
    );
  });
});
