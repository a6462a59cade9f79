import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dr, drBackground } from './dr-cli.js';

const fixtures = resolve('test/fixtures/cli');

function workspace() {
  const cwd = mkdtempSync(join(tmpdir(), 'dr-cli-'));
  for (const name of ['inventory.yaml', 'gate.yaml', 'secrets.yaml'])
    copyFileSync(join(fixtures, name), join(cwd, name));
  return cwd;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('dr failover from the command line', () => {
  it('lets exactly one of two concurrent failovers of one environment run', async () => {
    const cwd = workspace();
    const args = [
      'failover',
      'region-b',
      '--runbook',
      'gate.yaml',
      '--inventory',
      'inventory.yaml',
      '--yes',
    ];
    const [a, b] = [drBackground(args, { cwd }), drBackground(args, { cwd })];
    const loser = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const winner = loser === a ? b : a;
    expect(await loser.exited).toBe(5);
    expect(loser.output().stderr).toMatch(
      /region-b is locked by run \S+ by \S+ on \S+ \(pid \d+\)/,
    );
    const runs = JSON.parse(dr(['runs', '--json'], { cwd }).stdout) as {
      id: string;
      status: string;
    }[];
    expect(runs).toHaveLength(1);
    expect(dr(['abort', runs[0]!.id, '--as', 'carol'], { cwd }).code).toBe(0);
    expect(await winner.exited).toBe(4);
    const journal = readFileSync(join(cwd, '.dr/runs', runs[0]!.id, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"type":"run.abort-requested","by":"carol"');
  });

  it('approves a two-person gate from other terminals, in the audit trail', async () => {
    const cwd = workspace();
    const run = drBackground(
      [
        'failover',
        'region-b',
        '--runbook',
        'gate.yaml',
        '--inventory',
        'inventory.yaml',
        '--yes',
        '--as',
        'alice',
      ],
      { cwd },
    );
    let runId: string | undefined;
    for (let i = 0; i < 100 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      runId = (JSON.parse(dr(['runs', '--json'], { cwd }).stdout) as { id: string }[])[0]?.id;
    }
    expect(dr(['approve', runId!, 'go', '--as', 'alice'], { cwd }).code).toBe(0);
    expect(dr(['approve', runId!, 'nope', '--as', 'bob'], { cwd }).stderr).toContain(
      'its gates: go',
    );
    expect(dr(['approve', runId!, 'go', '--as', 'bob'], { cwd }).code).toBe(0);
    expect(await run.exited).toBe(0);
    const status = JSON.parse(dr(['status', runId!, '--json'], { cwd }).stdout) as {
      status: string;
    };
    expect(status.status).toBe('succeeded');
  });

  it('never shows a secret: a canary is redacted in every output and file', () => {
    const cwd = workspace();
    const canary = `canary-${Math.random().toString(36).slice(2)}-value`;
    const fileCanary = `file-canary-${Math.random().toString(36).slice(2)}`;
    writeFileSync(join(cwd, 'secrets.env'), `DR_FILE_CANARY=${fileCanary}\n`);
    const env = { DR_CANARY: canary };
    const base = ['--runbook', 'secrets.yaml', '--inventory', 'inventory.yaml', '--yes'];
    const outputs = [
      dr(['failover', 'region-b', ...base], { cwd, env }),
      dr(['failover', 'region-a', ...base, '--json'], { cwd, env }),
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0]);
    outputs.push(
      dr(['status', '--json'], { cwd, env }),
      dr(['runs', '--json'], { cwd, env }),
      dr(['status'], { cwd }),
    );
    const texts = [
      ...outputs.flatMap((o) => [o.stdout, o.stderr]),
      ...filesUnder(join(cwd, '.dr')).map((f) => readFileSync(f, 'utf8')),
    ];
    for (const text of texts) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(fileCanary);
    }
    // The secrets did flow through the steps (and were masked), so this test can fail.
    expect(texts.join('\n')).toContain('token=***');
    expect(texts.join('\n')).toContain('/login?token=***');
  });
});
