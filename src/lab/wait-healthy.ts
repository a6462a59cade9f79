import { DrError } from '../contract/errors.js';
import { sleep } from '../contract/sleep.js';
import { httpProbe } from './health.js';
import type { LabState, RegionName } from './state.js';

/** Waits until a region's entry point answers `/web/health` with 200, or fails with the last answer. */
export async function waitRegionHealthy(state: LabState, region: RegionName, timeoutMs: number) {
  const url = `http://127.0.0.1:${state.regions[region].entryPort}/web/health`;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await httpProbe(url);
    if ((last as { status?: number }).status === 200) return;
    await sleep(250);
  }
  throw new DrError(
    'lab.unhealthy',
    `${region} did not become healthy within ${timeoutMs / 1000} s`,
    {
      hint: `last answer of ${url}: ${JSON.stringify(last)}; see the logs in ${state.dir}/logs`,
    },
  );
}
