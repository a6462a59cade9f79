import { z } from 'zod';
import { durationMs, plannedStepType } from '../../../src/contract/index.js';

/** `route53.failover`: point a record at the recovery region and wait until Route 53 is INSYNC. */
export const failover = plannedStepType({
  type: 'route53.failover',
  summary:
    'point a DNS record at another target and wait for INSYNC (declared; not implemented yet)',
  input: z.strictObject({
    zone: z.string().min(1),
    record: z.string().min(1),
    target: z.string().min(1).describe('the new CNAME value'),
    ttl: z.int().min(1).default(60),
    region: z.string().min(1),
    endpoint: z.string().optional(),
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    timeout: durationMs.default(300_000),
  }),
  outputs: { changeId: 'the Route 53 change id', previousTarget: 'the value before the change' },
  describe: (i) => `point ${i.record} (zone ${i.zone}) at ${i.target}, TTL ${i.ttl}s`,
});
