import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stepTypes as builtin } from '../../../adapters/builtin/index.js';
import {
  createRegistry,
  defineStepType,
  fatalError,
  plannedStepType,
  retryableError,
  sleep,
} from '../../../src/contract/index.js';
import { resumeRun, startRun } from '../../../src/engine/engine.js';
import { checkRunbookText, type Loaded } from '../../../src/runbook/load.js';
import type { Runbook } from '../../../src/runbook/schema.js';
import { LocalStore } from '../../../src/store/local-store.js';

const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);

const flaky = defineStepType({
  type: 'test.flaky',
  summary: 'fails retryably `failures` times, then succeeds',
  input: z.strictObject({
    key: z.string(),
    failures: z.int().default(0),
    fatal: z.boolean().default(false),
  }),
  outputs: { attempt: 'the attempt that succeeded' },
  describe: (i) => `flaky ${i.key}`,
  apply({ input, attempt }) {
    count(input.key);
    if (input.fatal) return Promise.reject(fatalError('test.fatal', 'no retry can help'));
    if (attempt <= input.failures)
      return Promise.reject(retryableError('test.flaky', `attempt ${attempt} failed`));
    return Promise.resolve({ attempt });
  },
});

const hang = defineStepType({
  type: 'test.hang',
  summary: 'waits until aborted',
  input: z.strictObject({ key: z.string() }),
  outputs: {},
  describe: () => 'hang',
  async apply({ input, signal }) {
    count(`${input.key}:started`);
    await sleep(60_000, signal).catch((error: unknown) => {
      count(`${input.key}:aborted`);
      throw error;
    });
    return {};
  },
});

const later = plannedStepType({
  type: 'test.later',
  summary: 'declared, not implemented',
  input: z.strictObject({}),
  outputs: {},
  describe: () => 'later',
});

const registry = createRegistry([...builtin, flaky, hang, later]);

function load(text: string): Loaded<Runbook> {
  const { runbook, source, issues } = checkRunbookText('t.yaml', text, { registry });
  if (!runbook || !source) throw new Error(JSON.stringify(issues));
  return { file: 't.yaml', value: runbook, source, sha256: String(text.length) };
}

const header = `apiVersion: dr/v1
kind: Runbook
metadata: { name: t }
params: { target: { type: environment, default: region-b } }
tiers:
`;

function setup() {
  const store = new LocalStore(mkdtempSync(join(tmpdir(), 'dr-engine-')));
  return { store, base: { store, registry, by: 'alice', pollMs: 20 } };
}

const types = (store: LocalStore, runId: string) => store.readJournal(runId).map((r) => r.type);

describe('engine', () => {
  it('retries a retryable failure with backoff and passes outputs on', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: a
        uses: test.flaky
        with: { key: retry-a, failures: 2 }
        retry: { attempts: 3, backoff: 10ms }
      - id: b
        uses: test.flaky
        needs: [a]
        with: { key: "retry-b-\${{ steps.a.outputs.attempt }}" }
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    expect(await run.done).toEqual({ runId: run.runId, status: 'succeeded' });
    expect(calls.get('retry-a')).toBe(3);
    expect(calls.get('retry-b-3')).toBe(1);
    expect(types(store, run.runId).filter((t) => t === 'step.retrying')).toHaveLength(2);
    expect(store.readMeta(run.runId).status).toBe('succeeded');
  });

  it('fails the run at once on a non-retryable error and aborts the steps in flight', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: stuck
        uses: test.hang
        with: { key: fatal-hang }
      - id: broken
        uses: test.flaky
        with: { key: fatal, fatal: true }
        retry: { attempts: 5, backoff: 10ms }
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    expect((await run.done).status).toBe('failed');
    expect(calls.get('fatal')).toBe(1);
    await sleep(20);
    expect(calls.get('fatal-hang:aborted')).toBe(1);
    const failed = store.readJournal(run.runId).find((r) => r.type === 'step.failed');
    expect(failed).toMatchObject({
      step: 'broken',
      error: { code: 'test.fatal', retryable: false },
    });
  });

  it('times a step out through its signal', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: slow
        uses: test.hang
        with: { key: timeout }
        timeout: 50ms
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    expect((await run.done).status).toBe('failed');
    await sleep(20);
    expect(calls.get('timeout:aborted')).toBe(1);
    expect(types(store, run.runId)).toContain('step.timed-out');
  });

  it('waits at a gate for two distinct approvers', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: go
        uses: gate.approval
        with: { approvals: 2 }
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    const at = new Date().toISOString();
    store.postMessage(run.runId, { type: 'approve', gate: 'go', by: 'alice', at });
    store.postMessage(run.runId, { type: 'approve', gate: 'go', by: 'alice', at });
    await sleep(100);
    expect(store.readMeta(run.runId).status).toBe('running');
    store.postMessage(run.runId, { type: 'approve', gate: 'go', by: 'bob', at });
    expect((await run.done).status).toBe('succeeded');
    const approved = store.readJournal(run.runId).filter((r) => r.type === 'gate.approved');
    expect(approved.map((r) => r.by)).toEqual(['alice', 'bob']);
  });

  it('holds one lock per environment: a second run is refused with the holder', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: go
        uses: gate.approval
`);
    const first = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    expect(() =>
      startRun({
        ...base,
        by: 'bob',
        runbook,
        inventory: undefined,
        params: { target: 'region-b' },
        mode: 'failover',
      }),
    ).toThrow(/region-b is locked by run .* by alice/);
    store.postMessage(first.runId, { type: 'abort', by: 'alice', at: new Date().toISOString() });
    expect((await first.done).status).toBe('aborted');
    expect(store.readLease('region-b')).toBeUndefined();
  });

  it('resumes an interrupted run without repeating completed steps', async () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: first
        uses: test.flaky
        with: { key: resume-first }
  - name: two
    steps:
      - id: stuck
        uses: test.hang
        with: { key: resume-hang }
        timeout: 200ms
        onError: continue
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    while (calls.get('resume-hang:started') !== 1) await sleep(5);
    run.interrupt('test');
    expect((await run.done).status).toBe('interrupted');
    const resumed = resumeRun({
      ...base,
      runId: run.runId,
      runbook,
      inventory: undefined,
      force: false,
    });
    expect((await resumed.done).status).toBe('succeeded');
    expect(calls.get('resume-first')).toBe(1);
    expect(calls.get('resume-hang:started')).toBe(2);
    expect(types(store, run.runId)).toEqual(
      expect.arrayContaining(['run.interrupted', 'run.resumed', 'run.succeeded']),
    );
  });

  it('refuses to resume when the runbook changed, unless forced', () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: go
        uses: gate.approval
`);
    const run = startRun({
      ...base,
      runbook,
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    run.interrupt('test');
    const changed = { ...runbook, sha256: 'different' };
    expect(() =>
      resumeRun({
        ...base,
        runId: run.runId,
        runbook: changed,
        inventory: undefined,
        force: false,
      }),
    ).toThrow(/changed since run/);
    const forced = resumeRun({
      ...base,
      runId: run.runId,
      runbook: changed,
      inventory: undefined,
      force: true,
    });
    forced.interrupt('done');
    expect(store.readJournal(run.runId).filter((r) => r.type === 'run.resumed')).toHaveLength(1);
  });
});

describe('a failed run', () => {
  it('is resumable: resume re-enters the failed step', async () => {
    const { store, base } = setup();
    const text = (fail: boolean) => `${header}  - name: one
    steps:
      - id: ok
        uses: test.flaky
        with: { key: failed-ok }
      - id: broken
        uses: test.flaky
        needs: [ok]
        with: { key: failed-broken, fatal: ${fail} }
`;
    const run = startRun({
      ...base,
      runbook: load(text(true)),
      inventory: undefined,
      params: { target: 'region-b' },
      mode: 'failover',
    });
    expect((await run.done).status).toBe('failed');
    const resumed = resumeRun({
      ...base,
      runId: run.runId,
      runbook: load(text(false)),
      inventory: undefined,
      force: true,
    });
    expect((await resumed.done).status).toBe('succeeded');
    expect(calls.get('failed-ok')).toBe(1);
    expect(calls.get('failed-broken')).toBe(2);
    expect(store.readMeta(run.runId).status).toBe('succeeded');
  });
});

describe('a runbook with a declared-only step type', () => {
  it('validates, but is refused before anything starts', () => {
    const { store, base } = setup();
    const runbook = load(`${header}  - name: one
    steps:
      - id: soon
        uses: test.later
`);
    expect(() =>
      startRun({
        ...base,
        runbook,
        inventory: undefined,
        params: { target: 'region-b' },
        mode: 'failover',
      }),
    ).toThrow(/not implemented yet: test.later/);
    expect(store.listRuns()).toEqual([]);
    expect(store.readLease('region-b')).toBeUndefined();
  });
});
