import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DrError, ExitCode } from '../contract/errors.js';
import { redactText } from '../contract/redact.js';
import { JournalFile, readJsonLines, writeFileAtomic } from './journal-file.js';
import { LeaseFiles } from './lease-files.js';
import type { InboxMessage, JournalRecord, Lease, RunJournal, RunMeta, RunStore } from './types.js';

/** The embedded store: a folder (`.dr/` by default) with a folder per run and a lock per environment. */
export class LocalStore implements RunStore {
  private readonly leases: LeaseFiles;

  constructor(readonly root: string) {
    mkdirSync(join(root, 'runs'), { recursive: true, mode: 0o700 });
    mkdirSync(join(root, 'locks'), { recursive: true, mode: 0o700 });
    this.leases = new LeaseFiles(join(root, 'locks'));
  }

  private runDir(runId: string): string {
    if (!/^[\w.-]+$/.test(runId))
      throw new DrError('run.bad-id', `"${runId}" is not a run id`, { exitCode: 2 });
    return join(this.root, 'runs', runId);
  }

  createRun(meta: RunMeta): RunJournal {
    mkdirSync(join(this.runDir(meta.id), 'inbox'), { recursive: true, mode: 0o700 });
    this.writeMeta(meta);
    return this.openJournal(meta.id);
  }

  openJournal(runId: string): RunJournal {
    const dir = this.runDir(runId);
    const file = new JournalFile(join(dir, 'journal.jsonl'));
    const snapshots = new JournalFile(join(dir, 'snapshots.jsonl'));
    let seq = existsSync(file.path) ? readJsonLines<JournalRecord>(file.path).length : 0;
    const stage = (type: string, data: Record<string, unknown> = {}) => {
      const record: JournalRecord = { seq: ++seq, at: new Date().toISOString(), type, ...data };
      const line = redactText(JSON.stringify(record));
      file.stage(line);
      return line === JSON.stringify(record) ? record : (JSON.parse(line) as JournalRecord);
    };
    return {
      stage,
      append(type, data) {
        const record = stage(type, data);
        file.flush();
        return record;
      },
      checkpoint(snapshot) {
        file.flush();
        if (snapshot !== undefined) snapshots.append(redactText(JSON.stringify(snapshot)));
      },
      close: () => {
        file.close();
        snapshots.close();
      },
    };
  }

  readMeta(runId: string): RunMeta {
    const path = join(this.runDir(runId), 'meta.json');
    if (!existsSync(path)) {
      throw new DrError('run.not-found', `no run "${runId}" in ${this.root}`, {
        exitCode: ExitCode.usage,
        hint: 'dr runs lists the runs',
      });
    }
    return JSON.parse(readFileSync(path, 'utf8')) as RunMeta;
  }

  writeMeta(meta: RunMeta): void {
    writeFileAtomic(
      join(this.runDir(meta.id), 'meta.json'),
      redactText(JSON.stringify(meta, null, 2)),
    );
  }

  readJournal(runId: string): JournalRecord[] {
    const path = join(this.runDir(runId), 'journal.jsonl');
    return existsSync(path) ? readJsonLines<JournalRecord>(path) : [];
  }

  /** The newest complete snapshot (a torn last line, from a crash mid-write, is skipped). */
  readSnapshot(runId: string): unknown {
    const path = join(this.runDir(runId), 'snapshots.jsonl');
    return existsSync(path) ? readJsonLines<unknown>(path).at(-1) : undefined;
  }

  listRuns(): RunMeta[] {
    return readdirSync(join(this.root, 'runs'))
      .filter((id) => existsSync(join(this.root, 'runs', id, 'meta.json')))
      .map((id) => this.readMeta(id))
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  postMessage(runId: string, message: InboxMessage): void {
    const inbox = join(this.runDir(runId), 'inbox');
    const name = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
    writeFileSync(join(inbox, `${name}.tmp`), JSON.stringify(message), { mode: 0o600 });
    renameSync(join(inbox, `${name}.tmp`), join(inbox, name));
  }

  readMessages(runId: string): { id: string; message: InboxMessage }[] {
    const inbox = join(this.runDir(runId), 'inbox');
    if (!existsSync(inbox)) return [];
    const names = readdirSync(inbox)
      .filter((n) => n.endsWith('.json'))
      .sort();
    return names.map((id) => ({
      id,
      message: JSON.parse(readFileSync(join(inbox, id), 'utf8')) as InboxMessage,
    }));
  }

  ackMessage(runId: string, id: string): void {
    const path = join(this.runDir(runId), 'inbox', id);
    if (existsSync(path)) unlinkSync(path);
  }

  acquireLease(lease: Lease): Lease {
    return this.leases.acquire(lease);
  }

  renewLease(lease: Lease): Lease {
    return this.leases.renew(lease);
  }

  releaseLease(environment: string, runId: string): void {
    this.leases.release(environment, runId);
  }

  readLease(environment: string): Lease | undefined {
    return this.leases.read(environment);
  }

  breakLease(environment: string): Lease | undefined {
    return this.leases.break(environment);
  }
}
