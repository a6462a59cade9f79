import type { RunMode } from '../contract/step-type.js';

/** What a run is: written once when it starts (and updated on status changes). */
export interface RunMeta {
  id: string;
  runbook: { name: string; file: string; sha256: string };
  inventory?: { file: string; sha256: string };
  params: Record<string, unknown>;
  mode: RunMode;
  /** Environments this run holds locks on. */
  environments: string[];
  startedBy: string;
  startedAt: string;
  status: RunStatus;
  endedAt?: string;
}

export type RunStatus = 'running' | 'interrupted' | 'succeeded' | 'failed' | 'aborted';

/** One journal record: a dotted type (`step.applied`), a time, and its data. */
export interface JournalRecord {
  seq: number;
  at: string;
  type: string;
  [key: string]: unknown;
}

/** A message for a running (or resumed) run from another terminal: an approval or an abort. */
export type InboxMessage =
  | { type: 'approve'; gate: string; by: string; at: string }
  | { type: 'abort'; by: string; at: string; reason?: string };

/** Who holds an environment's lock, and until when unless renewed. */
export interface Lease {
  environment: string;
  runId: string;
  owner: string;
  host: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

/** A journal sink: records are durable when `append` returns. */
export interface RunJournal {
  append(type: string, data?: Record<string, unknown>): JournalRecord;
  /**
   * Queues a record made inside a machine transition; `checkpoint` writes it with the snapshot,
   * before the transition's side effects start.
   */
  stage(type: string, data?: Record<string, unknown>): JournalRecord;
  /** Makes staged records durable, then the machine's snapshot (when given). */
  checkpoint(snapshot?: unknown): void;
  close(): void;
}

/**
 * Where runs live. The embedded default is a folder on local disk; a shared store (S3 with
 * conditional writes, PostgreSQL) implements the same interface, so that the store survives the
 * region that failed.
 */
export interface RunStore {
  createRun(meta: RunMeta): RunJournal;
  openJournal(runId: string): RunJournal;
  readMeta(runId: string): RunMeta;
  writeMeta(meta: RunMeta): void;
  readJournal(runId: string): JournalRecord[];
  readSnapshot(runId: string): unknown;
  listRuns(): RunMeta[];
  postMessage(runId: string, message: InboxMessage): void;
  /** Messages waiting for the run, oldest first; each stays until `ackMessage` (after it is journaled). */
  readMessages(runId: string): { id: string; message: InboxMessage }[];
  ackMessage(runId: string, id: string): void;
  acquireLease(lease: Lease): Lease;
  renewLease(lease: Lease): Lease;
  releaseLease(environment: string, runId: string): void;
  readLease(environment: string): Lease | undefined;
  breakLease(environment: string): Lease | undefined;
}
