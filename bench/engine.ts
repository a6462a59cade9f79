/**
 * Orchestration overhead of the engine, run by hand after a build:
 *   node dist/bench/engine.js
 * 1. a 200-step chain of no-op steps with the fsync'd journal: per-step overhead, median and p99,
 *    beside the bare cost of the fsync'd appends alone;
 * 2. parallel `wait` steps: wall time against the runbook's critical path.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { stepTypes as builtin } from '../adapters/builtin/index.js';
import { createRegistry, defineStepType } from '../src/contract/index.js';
import { startRun } from '../src/engine/engine.js';
import { checkRunbookText } from '../src/runbook/load.js';
import { LocalStore } from '../src/store/local-store.js';

const noop = defineStepType({
  type: 'bench.noop',
  summary: 'does nothing',
  input: z.strictObject({}),
  outputs: {},
  describe: () => 'nothing',
  apply: () => Promise.resolve({}),
});
const registry = createRegistry([...builtin, noop]);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(runbook: object) {
  const text = JSON.stringify(runbook);
  const { runbook: value, source } = checkRunbookText('bench.yaml', text, { registry });
  if (!value || !source) throw new Error('bench runbook invalid');
  const store = new LocalStore(mkdtempSync(join(tmpdir(), 'dr-bench-')));
  const succeeded: number[] = [];
  const started = performance.now();
  const driver = startRun({
    store,
    registry,
    by: 'bench',
    runbook: { file: 'bench.yaml', value, source, sha256: 'bench' },
    inventory: undefined,
    params: {},
    mode: 'drill',
    onRecord: (record) => {
      if (record.type === 'step.succeeded') succeeded.push(performance.now());
    },
  });
  const outcome = await driver.done;
  return {
    outcome,
    wall: performance.now() - started,
    succeeded,
    journal: store.readJournal(driver.runId).length,
  };
}

/** `steps` no-op steps, each needing the one before, spread over `tiers` tiers. */
function chain(steps: number, tiers: number) {
  const perTier = steps / tiers;
  const tier = (t: number) => ({
    name: `t${t}`,
    steps: Array.from({ length: perTier }, (_, i) => ({
      id: `t${t}-s${i}`,
      uses: 'bench.noop',
      ...(i > 0 ? { needs: [`t${t}-s${i - 1}`] } : {}),
    })),
  });
  const tierList = Array.from({ length: tiers }, (_, t) => tier(t));
  return { apiVersion: 'dr/v1', kind: 'Runbook', metadata: { name: 'chain' }, tiers: tierList };
}

function fsyncBaseline(records: number): number {
  const fd = openSync(join(mkdtempSync(join(tmpdir(), 'dr-fsync-')), 'j.jsonl'), 'a');
  const started = performance.now();
  for (let i = 0; i < records; i++) {
    writeSync(
      fd,
      `${JSON.stringify({ seq: i, at: new Date().toISOString(), type: 'step.applied', step: `s${i}` })}\n`,
    );
    fsyncSync(fd);
  }
  closeSync(fd);
  return performance.now() - started;
}

async function overhead(steps: number, tiers: number) {
  await run(chain(20, 1)); // warm up
  const { outcome, wall, succeeded, journal } = await run(chain(steps, tiers));
  const gaps = succeeded.slice(1).map((t, i) => t - (succeeded[i] ?? t));
  const perRecord = fsyncBaseline(journal) / journal;
  const shape = `${tiers} tier(s) of ${steps / tiers} chained no-op steps`;
  console.log(
    `${shape}: ${outcome.status}, wall ${wall.toFixed(0)} ms, ${journal} journal records`,
  );
  const [median, p99] = [percentile(gaps, 50), percentile(gaps, 99)];
  console.log(
    `  per step: median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, mean ${(wall / steps).toFixed(2)} ms`,
  );
  const fsyncs = ((perRecord * journal) / steps).toFixed(2);
  console.log(
    `  of which fsync'd appends alone: ${fsyncs} ms/step (${perRecord.toFixed(3)} ms a record)`,
  );
}

async function parallelWaits() {
  const waits = Array.from({ length: 50 }, (_, i) => ({
    id: `w${i}`,
    uses: 'wait',
    with: { duration: '2s' },
  }));
  const path = [0, 1, 2].map((i) => ({
    id: `p${i}`,
    uses: 'wait',
    with: { duration: '1s' },
    ...(i > 0 ? { needs: [`p${i - 1}`] } : {}),
  }));
  const runbook = {
    apiVersion: 'dr/v1',
    kind: 'Runbook',
    metadata: { name: 'parallel' },
    tiers: [
      { name: 'a', steps: [...waits, ...path] },
      { name: 'b', steps: [{ id: 'end', uses: 'wait', with: { duration: '1s' } }] },
    ],
  };
  const critical = 4_000;
  const { outcome, wall } = await run(runbook);
  console.log(
    `50 parallel 2s waits + a 3x1s chain, then a 1s tier (critical path ${critical} ms): ${outcome.status}`,
  );
  console.log(
    `  wall ${wall.toFixed(0)} ms, ${(((wall - critical) / critical) * 100).toFixed(2)} % over the critical path`,
  );
}

await overhead(200, 1);
await overhead(200, 10);
await overhead(20, 1);
await parallelWaits();
