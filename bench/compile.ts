/**
 * Validation and compilation speed for a 500-step, 10-tier runbook, run by hand after a build:
 *   node dist/bench/compile.js
 */
import { stringify } from 'yaml';
import { compileRunbook } from '../src/compile/machine-config.js';
import { defaultRegistry } from '../src/registry.js';
import { checkRunbookText } from '../src/runbook/load.js';

const tiers = Array.from({ length: 10 }, (_, t) => ({
  name: `tier-${t}`,
  objectives: { rto: '5m' },
  steps: Array.from({ length: 50 }, (_, s) => ({
    id: `t${t}-s${s}`,
    uses: s % 2 ? 'http.check' : 'wait',
    with: s % 2 ? { url: `http://127.0.0.1:8080/${s}`, status: 200 } : { duration: '1s' },
    ...(s > 0 ? { needs: [`t${t}-s${s - 1}`] } : {}),
  })),
  verify: [{ uses: 'http.check', with: { url: 'http://127.0.0.1:8080/health' } }],
}));
const text = stringify({ apiVersion: 'dr/v1', kind: 'Runbook', metadata: { name: 'big' }, tiers });

function time(label: string, runs: number, fn: () => void): void {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(runs / 2)] ?? 0;
  console.log(
    `${label}: median ${median.toFixed(1)} ms, max ${(samples.at(-1) ?? 0).toFixed(1)} ms (${runs} runs)`,
  );
}

console.log(`runbook: 10 tiers, 500 steps, ${(text.length / 1024).toFixed(0)} KiB of YAML`);
const { runbook, issues } = checkRunbookText('big.yaml', text, { registry: defaultRegistry });
if (!runbook || issues.length > 0)
  throw new Error(`benchmark runbook invalid: ${issues[0]?.message}`);
time('parse + validate', 20, () =>
  checkRunbookText('big.yaml', text, { registry: defaultRegistry }),
);
time('compile to machine config', 20, () => compileRunbook(runbook, defaultRegistry));
time('parse + validate + compile', 20, () => {
  const checked = checkRunbookText('big.yaml', text, { registry: defaultRegistry });
  if (checked.runbook) compileRunbook(checked.runbook, defaultRegistry);
});
