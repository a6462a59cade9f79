import { spawn, type ChildProcess } from 'node:child_process';
import { DrError, redactText } from '../../contract/index.js';

/** Options of {@link runAsOsUser}. */
export interface RunOptions {
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Kills the process (SIGTERM, then SIGKILL) when it runs longer; default 5 minutes. */
  timeoutMs?: number;
}

/** A lab command exited non-zero, timed out or was aborted; `stderr` is already redacted. */
export class LabCommandError extends DrError {
  readonly stderr: string;
  readonly exitStatus: number | null;

  constructor(message: string, o: { stderr: string; exitStatus: number | null; cause?: unknown }) {
    super('lab.command-failed', message, {
      hint: 'see the command output above; the lab log folder has the server logs',
      cause: o.cause,
    });
    this.name = 'LabCommandError';
    this.stderr = o.stderr;
    this.exitStatus = o.exitStatus;
  }
}

/** Whether this process may switch users (only root may, and PostgreSQL refuses to run as root). */
function mustSwitchUser(osUser: string | undefined): osUser is string {
  return osUser !== undefined && process.getuid?.() === 0;
}

/** The argv to run: `runuser -u <osUser> -- argv` as root, argv itself otherwise. */
export function asOsUserArgv(osUser: string | undefined, argv: string[]): string[] {
  return mustSwitchUser(osUser) ? ['runuser', '-u', osUser, '--', ...argv] : argv;
}

/** Kills `child` with SIGTERM on timeout or abort (SIGKILL 5 s later); says why, if it did. */
function guard(child: ChildProcess, o: RunOptions) {
  let why: string | undefined;
  const kill = (reason: string) => {
    why = reason;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  const timer = setTimeout(() => kill('timed out'), o.timeoutMs ?? 300_000);
  const onAbort = () => kill('aborted');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted === true) onAbort();
  return {
    killedWhy: () => why,
    release() {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Runs argv (never through a shell) as `osUser` when we are root, and collects its output.
 * Rejects with a {@link LabCommandError} carrying the redacted stderr on a non-zero exit,
 * a timeout or an abort; the child gets SIGTERM, then SIGKILL 5 s later.
 */
export function runAsOsUser(
  osUser: string | undefined,
  argv: string[],
  o: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const [file, ...args] = asOsUserArgv(osUser, argv);
  if (file === undefined) return Promise.reject(new DrError('internal', 'empty argv'));
  const name = argv.slice(0, 2).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const g = guard(child, o);
    child.on('error', (cause) => {
      g.release();
      reject(new LabCommandError(`${name}: ${cause.message}`, { stderr, exitStatus: null, cause }));
    });
    child.on('close', (code, sig) => {
      g.release();
      if (code === 0 && g.killedWhy() === undefined) return resolve({ stdout, stderr });
      const clean = redactText(stderr.trim());
      const why = g.killedWhy() ?? (sig === null ? `exited ${code}` : `killed by ${sig}`);
      const text = `${name} ${why}${clean === '' ? '' : `: ${clean.slice(-2000)}`}`;
      reject(new LabCommandError(text, { stderr: clean, exitStatus: code }));
    });
  });
}
