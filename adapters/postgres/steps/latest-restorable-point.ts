import { z } from 'zod';
import { defineStepType } from '../../../src/contract/index.js';
import { pgbackrestInput } from '../inputs.js';
import { latestRestorablePoint as compute } from '../restorable-point.js';

const input = pgbackrestInput;
type Input = z.infer<typeof input>;
type Outputs = { recoveryPoint: string; ageSeconds: number; segment: string; backupLabel: string };

/** `postgres.latest-restorable-point`: the newest time a PITR can reach now, from the repository. */
export const latestRestorablePointStep = defineStepType<Input, Outputs>({
  type: 'postgres.latest-restorable-point',
  summary: 'Read the newest restorable time of a pgBackRest stanza (newest archived commit)',
  input,
  outputs: {
    recoveryPoint: 'time of the newest archived transaction (ISO 8601)',
    ageSeconds: 'how old that point is now: the RPO if the primary died this instant',
    segment: 'the archived WAL segment holding it',
    backupLabel: 'the newest backup set',
  },
  describe: (i) => `read the newest restorable point of stanza ${i.stanza}`,
  apply: (ctx) => compute({ ...ctx.input, signal: ctx.signal }),
  async preview(ctx) {
    const point = await compute({ ...ctx.input, signal: ctx.signal });
    const time = point.recoveryPoint.slice(11, 19);
    return `recovery point available: ${time} UTC (age ${Math.round(point.ageSeconds)} s, stanza ${ctx.input.stanza})`;
  },
});
