import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const repo = resolve(import.meta.dirname, '../..');

/** Builds dist/ with tsc when the adapter's compiled files are missing or older than the sources. */
export function ensureBuilt(): void {
  const built = join(repo, 'dist/adapters/postgres/index.js');
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...execFileSync('find', [dir, '-name', '*.ts'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => statSync(f).mtimeMs),
    );
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(repo, 'adapters/postgres')))
    return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'ignore' });
  } catch {
    // Another module's type error still emits JavaScript; only a missing output is fatal.
  }
  if (!existsSync(built))
    throw new Error('npx tsc -p tsconfig.build.json did not build the adapter');
}

/**
 * Starts `node` on a small script that runs one postgres step's apply from dist/ in its own
 * process, so a test can SIGKILL it mid-way as a crash would.
 */
export async function spawnStepProcess(o: {
  dir: string;
  step: string;
  input: unknown;
  mode?: string;
}): Promise<ChildProcess> {
  const script = join(o.dir, 'run-step.mjs');
  const module = join(repo, 'dist/adapters/postgres/index.js');
  await writeFile(
    script,
    `import { stepTypes } from ${JSON.stringify(module)};
const type = stepTypes.find((t) => t.type === ${JSON.stringify(o.step)});
const input = type.input.parse(JSON.parse(process.argv[2]));
const log = { info() {}, warn() {}, debug() {} };
const ctx = { input, log, signal: new AbortController().signal, mode: ${JSON.stringify(o.mode ?? 'failover')}, runId: 'killed', stepId: 'step', attempt: 1 };
process.stdout.write(JSON.stringify(await type.apply(ctx)));
`,
  );
  return spawn(process.execPath, [script, JSON.stringify(o.input)], { stdio: 'ignore' });
}

/** Pids of pgbackrest processes restoring into `dir` (read from /proc). */
export async function pgbackrestRestoring(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of (await readdir('/proc')).filter((e) => /^\d+$/.test(e))) {
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmd.split('\0');
    if (args[0]?.endsWith('pgbackrest') === true && args.includes(`--pg1-path=${dir}`))
      pids.push(Number(entry));
  }
  return pids;
}
