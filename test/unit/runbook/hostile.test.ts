import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/registry.js';
import { checkRunbookText } from '../../../src/runbook/load.js';

const check = (text: string) => checkRunbookText('rb.yaml', text, { registry: defaultRegistry });
const runbookWith = (value: string) => `apiVersion: dr/v1
kind: Runbook
metadata: { name: hostile }
tiers:
  - name: one
    steps:
      - id: probe
        uses: http.check
        with: { url: ${JSON.stringify(value)} }
`;

describe('hostile input', () => {
  it.each([
    ['a function call', '${{ require("child_process").exec("rm -rf /") }}'],
    ['an operator', '${{ params.a || process.exit(1) }}'],
    ['a template literal', '${{ `${process.env.HOME}` }}'],
    ['an unclosed expression', '${{ params.target'],
    ['constructor access', '${{ constructor.constructor }}'],
  ])('rejects %s in ${{ }} as not a reference', (_name, value) => {
    const { issues } = check(runbookWith(value));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.line).toBe(9);
  });

  it('treats shell metacharacters as plain data (never run by a shell)', () => {
    const { issues } = check(runbookWith('http://127.0.0.1/$(reboot);`id`|cat'));
    expect(issues.map((i) => i.message)).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'rejects a %s key with its location',
    (key) => {
      const { issues } = check(
        `apiVersion: dr/v1\nkind: Runbook\nmetadata:\n  ${key}: { polluted: true }\n`,
      );
      expect(issues[0]).toMatchObject({ line: 4, col: 3, message: `key "${key}" is not allowed` });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('rejects a 10 MB file quickly, without parsing it', () => {
    const started = performance.now();
    const { issues } = check(`# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    expect(issues[0]?.message).toContain('larger than 1 MiB');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects a "billion laughs" alias bomb without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const before = process.memoryUsage().heapUsed;
    const { issues } = check(`${levels.join('\n')}\n`);
    expect(issues[0]?.hint).toContain('aliases');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });
});
