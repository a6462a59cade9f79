import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('dr lab up on a machine without moto_server', () => {
  const root = mkdtempSync(join(tmpdir(), 'dr-lab-deps-'));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('names what to install and starts nothing', async () => {
    // A PATH with the shell and openssl only: no moto_server, no pgbackrest.
    const bin = join(root, 'bin');
    await run('mkdir', ['-p', bin]);
    for (const tool of ['sh', 'openssl', 'id']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const env = { PATH: bin, NODE_NO_WARNINGS: '1', HOME: root };
    const dir = join(root, 'lab');
    const failed = await run(process.execPath, ['bin/dr.js', 'lab', 'up', '--dir', dir], {
      env,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(3);
    expect(failed?.stderr).toMatch(/moto_server \(pip install 'moto\[server\]'\)/);
    expect(failed?.stderr).toMatch(/pgbackrest \(apt-get install -y pgbackrest\)/);
    expect(failed?.stderr).toMatch(/hint: .*ensure-deps/);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});

describe('dr lab argument errors', () => {
  const dr = (args: string[]) =>
    run(process.execPath, ['bin/dr.js', 'lab', ...args], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  it('refuses an unknown action, an unknown region and an unbounded rate, with hints', async () => {
    const action = await dr(['explode']);
    expect(action.code).toBe(2);
    expect(action.stderr).toMatch(/unknown lab action "explode"\n {2}hint: see: dr lab --help/);
    const region = await dr(['disaster', 'region-z', '--dir', '/nonexistent-lab']);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/regions: region-a, region-b/);
    const rate = await dr(['traffic', '--rate', '500/s']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate 500\/s is out of range/);
  });
});
