import { z } from 'zod';
import { defineStepType, durationMs, formatDuration, sleep } from '../../../src/contract/index.js';

/** Waits a fixed time: lets a change settle (DNS TTLs, caches) before the next step. */
export const wait = defineStepType({
  type: 'wait',
  summary: 'wait a fixed duration',
  input: z.strictObject({ duration: durationMs }),
  outputs: {},
  describe: (input) => `wait ${formatDuration(input.duration)}`,
  async apply({ input, signal }) {
    await sleep(input.duration, signal);
    return {};
  },
});
