import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DrError } from '../contract/errors.js';
import { sleep } from '../contract/sleep.js';

/** How to start a lab process that outlives the command that started it. */
export interface DetachedProcess {
  argv: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Starts a process detached in its own process group (its pid is its group id), with stdout and
 * stderr appended to its log file, and returns its pid. `dr lab down` later signals the group, so
 * the process and anything it started without detaching go together.
 */
export function spawnDetached(p: DetachedProcess): number {
  const [command, ...args] = p.argv;
  if (command === undefined) throw new Error('spawnDetached: empty argv');
  mkdirSync(dirname(p.logFile), { recursive: true });
  const fd = openSync(p.logFile, 'a');
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: p.env ?? process.env,
      cwd: p.cwd,
    });
    if (child.pid === undefined) {
      throw new DrError('lab.spawn-failed', `could not start ${command}`, {
        hint: `is it installed and on PATH? see ${p.logFile}`,
      });
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Whether a process with that pid exists (and is not a zombie). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The start time of a process (clock ticks since boot), to tell it from a later one with its pid. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

/** Whether `pid` is still the process that was recorded (same start time), and alive. */
export function sameProcess(pid: number, startTicks: number | undefined): boolean {
  if (!pidAlive(pid)) return false;
  return startTicks === undefined || processStartTicks(pid) === startTicks;
}

/** Every descendant of `pid` (children, their children, …), read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we read /proc
    }
  }
  const out: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Sends `sig` to the process group led by `pid` and to every descendant of `pid`. */
export function signalTree(pid: number, sig: NodeJS.Signals): void {
  const tree = descendants(pid);
  signal(-pid, sig);
  signal(pid, sig);
  for (const child of tree) signal(child, sig);
}

/** Waits until none of the pids is alive; returns those still alive after `timeoutMs`. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(pidAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = alive.filter(pidAlive);
  }
  return alive;
}

/** Stops a process tree: SIGTERM, then SIGKILL what is left after `graceMs`. */
export async function stopTree(pid: number, graceMs = 5000): Promise<void> {
  const tree = [pid, ...descendants(pid)];
  signalTree(pid, 'SIGTERM');
  const left = await waitGone(tree, graceMs);
  for (const p of left) signal(p, 'SIGKILL');
  signal(-pid, 'SIGKILL');
  await waitGone(left, 2000);
}

/** Kills a process tree at once with SIGKILL (a disaster, not a shutdown). */
export async function killTree(pid: number): Promise<void> {
  const tree = [pid, ...descendants(pid)];
  for (const p of tree) signal(p, 'SIGKILL');
  signal(-pid, 'SIGKILL');
  await waitGone(tree, 3000);
}
