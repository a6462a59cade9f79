import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dr, drBackground, killGroup } from './dr-cli.js';

const fixtures = resolve('test/fixtures/crash');
const KILLS = 50;
const EFFECTS = 20;

function latestRun(cwd: string): { id: string; status: string } | undefined {
  const runs = JSON.parse(dr(['runs', '--json'], { cwd }).stdout) as {
    id: string;
    status: string;
  }[];
  return runs.at(-1);
}

describe('crash and resume', () => {
  it(`survives ${KILLS} SIGKILLs at random moments: every run succeeds, no effect happens twice`, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dr-crash-'));
    const effectDirs: string[] = [];
    const newRun = () => {
      const dir = join(cwd, `effects-${effectDirs.length}`);
      mkdirSync(dir);
      effectDirs.push(dir);
      const params = [
        '--param',
        `effects=${dir}`,
        '--param',
        `script=${join(fixtures, 'effect.mjs')}`,
      ];
      return [
        'failover',
        'region-b',
        '--yes',
        '--json',
        '--inventory',
        join(fixtures, 'inventory.yaml'),
        ...params,
      ];
    };
    let args = newRun();
    let kills = 0;
    for (let cycle = 0; kills < KILLS && cycle < KILLS * 3; cycle++) {
      const proc = drBackground(args, { cwd });
      const delay = 150 + Math.floor(Math.random() * 700);
      const timer = setTimeout(() => killGroup(proc.child), delay);
      const code = await proc.exited;
      clearTimeout(timer);
      const run = latestRun(cwd);
      if (code === null) kills++;
      else expect(code, proc.output().stderr).toBe(0);
      args = run && run.status !== 'succeeded' ? ['resume', run.id, '--json'] : newRun();
    }
    expect(kills).toBe(KILLS);
    const last = latestRun(cwd);
    if (last && last.status !== 'succeeded') expect(dr(['resume', last.id], { cwd }).code).toBe(0);
    const runs = JSON.parse(dr(['runs', '--json'], { cwd }).stdout) as {
      status: string;
      params: { effects: string };
    }[];
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      // A kill before the run was even created leaves an unused effects folder: look at runs only.
      expect(run.status).toBe('succeeded');
      const dir = run.params.effects;
      const doubles = existsSync(join(dir, 'doubles.log'))
        ? readFileSync(join(dir, 'doubles.log'), 'utf8')
        : '';
      expect(doubles).toBe('');
      expect(readdirSync(dir).filter((n) => n.startsWith('e'))).toHaveLength(EFFECTS);
    }
  }, 600_000);
});
