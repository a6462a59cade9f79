import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines file; every append is written and fsync'd before it returns, so a
 * record is on disk before the side effect it announces starts. Synchronous on purpose: it runs
 * inside state-machine transitions, which must not interleave with other work.
 */
export class JournalFile {
  private fd: number;
  private staged: string[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** Queues a line for the next `flush` (records of one transition share one fsync). */
  stage(line: string): void {
    this.staged.push(`${line}\n`);
  }

  /** Writes the staged lines and fsyncs them. */
  flush(): void {
    if (this.staged.length === 0) return;
    writeSync(this.fd, this.staged.join(''));
    this.staged = [];
    fsyncSync(this.fd);
  }

  append(line: string): void {
    this.stage(line);
    this.flush();
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Replaces a file atomically: write a temporary file, fsync it, rename it over the old one. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Reads a JSON-lines file; a torn last line (a crash mid-write) is ignored. */
export function readJsonLines<T>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  const records: T[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      break;
    }
  }
  return records;
}
