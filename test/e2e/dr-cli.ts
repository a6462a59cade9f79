import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The built `dr` binary (npm test builds it before the tests run). */
export const DR_BIN = resolve('bin/dr.js');

/** Runs `dr` to completion; returns its exit code and output. */
export function dr(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
) {
  const result = spawnSync(process.execPath, [DR_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `dr` in its own process group, so that a kill takes its children with it. */
export function drBackground(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
) {
  const child = spawn(process.execPath, [DR_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** SIGKILLs a process group: the machine "dies" with everything it was running. */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
