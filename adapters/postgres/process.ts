import { spawn } from 'node:child_process';
import { fatalError, redactText, retryableError } from '../../src/contract/index.js';

/** Options of {@link runCommand}. */
export interface CommandOptions {
  /** Runs the command as this OS user (through runuser) when we are root. */
  osUser?: string;
  env?: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Bytes written to the child's stdin. */
  stdin?: Buffer;
}

/** What a finished command left behind; `stderr` is redacted. */
export interface CommandResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Prefixes argv with `runuser -u osUser --` when we are root (PostgreSQL refuses root). */
export function userArgv(osUser: string | undefined, argv: string[]): string[] {
  if (osUser === undefined || process.getuid?.() !== 0) return argv;
  return ['runuser', '-u', osUser, '--', ...argv];
}

/**
 * Runs argv without a shell and resolves with its exit code and output, whatever the code.
 * An abort or timeout sends SIGTERM (runuser passes it on to its child), then SIGKILL after 5 s,
 * and rejects with a retryable `postgres.command-aborted` error.
 */
export function runCommand(argv: string[], o: CommandOptions): Promise<CommandResult> {
  const [file, ...args] = userArgv(o.osUser, argv);
  if (file === undefined) throw new Error('runCommand: empty argv');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...o.env },
      stdio: [o.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    let stopped: string | undefined;
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (o.stdin !== undefined) child.stdin?.end(o.stdin);
    const stop = (why: string) => {
      stopped ??= why;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    };
    const timer = setTimeout(() => stop('timed out'), o.timeoutMs ?? 600_000);
    const onAbort = () => stop('aborted');
    o.signal.addEventListener('abort', onAbort, { once: true });
    if (o.signal.aborted) onAbort();
    const done = () => {
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      done();
      reject(retryableError('postgres.command-failed', `${argv[0]}: ${error.message}`));
    });
    child.on('close', (code) => {
      done();
      if (stopped === undefined)
        return resolve({ code, stdout: Buffer.concat(out), stderr: redactText(stderr) });
      reject(retryableError('postgres.command-aborted', `${argv[0]} ${stopped}`));
    });
  });
}

/** Runs argv and returns stdout as text; a non-zero exit becomes `error(code, message)`. */
export async function runChecked(
  argv: string[],
  o: CommandOptions & { errorCode: string; retryable?: boolean },
): Promise<string> {
  const result = await runCommand(argv, o);
  if (result.code === 0) return result.stdout.toString();
  const tail = result.stderr.trim().split('\n').slice(-6).join('\n');
  const name = argv.slice(0, 2).join(' ');
  const make = o.retryable === false ? fatalError : retryableError;
  throw make(o.errorCode, `${name} exited ${result.code}: ${tail}`, {
    hint: 'the full output is in the pgBackRest / PostgreSQL log folders',
  });
}
