import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { z } from 'zod';
import {
  defineStepType,
  durationMs,
  fatalError,
  retryableError,
} from '../../../src/contract/index.js';

const input = z.strictObject({
  /** Program and arguments; never a shell string. */
  argv: z.array(z.string()).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  /** A path the command creates: when it exists, the step is already done (idempotence). */
  creates: z.string().optional(),
  timeout: durationMs.default(600_000),
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs a program (argv only). Disabled unless the inventory sets `settings.allowExec: true`. */
export const exec = defineStepType({
  type: 'exec',
  summary: 'run a program with arguments (no shell); needs settings.allowExec',
  input,
  outputs: { exitCode: 'exit code of the program', stdout: 'last 4 KiB of its standard output' },
  describe: (i) =>
    `run ${JSON.stringify(i.argv)}` + (i.creates ? ` unless ${i.creates} exists` : ''),
  async check({ input: i }) {
    if (i.creates && (await exists(i.creates))) {
      return { state: 'done', outputs: { exitCode: 0, stdout: '' }, detail: `${i.creates} exists` };
    }
    return { state: 'needed' };
  },
  apply({ input: i, signal }) {
    const [file, ...args] = i.argv as [string, ...string[]];
    return new Promise((resolve, reject) => {
      const options = { cwd: i.cwd, env: { ...process.env, ...i.env }, signal, timeout: i.timeout };
      execFile(file, args, options, (error, stdout, stderr) => {
        if (!error) return resolve({ exitCode: 0, stdout: stdout.slice(-4096) });
        if (signal.aborted) return reject(new Error(`${file} aborted`, { cause: error }));
        const code = typeof error.code === 'number' ? error.code : undefined;
        const message = `${file} failed${code === undefined ? `: ${error.message}` : ` with exit code ${code}`}: ${stderr.slice(-500)}`;
        reject(
          code === undefined
            ? fatalError('exec.spawn-failed', message)
            : retryableError('exec.failed', message),
        );
      });
    });
  },
});
