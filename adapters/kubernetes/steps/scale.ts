import { z } from 'zod';
import { durationMs, plannedStepType } from '../../../src/contract/index.js';
import { clusterInput } from '../inputs.js';

/** `kubernetes.scale`: set a Deployment's replicas and wait until they are ready. */
export const scale = plannedStepType({
  type: 'kubernetes.scale',
  summary: 'scale a Deployment and wait for its ready replicas (declared; not implemented yet)',
  input: z.strictObject({
    ...clusterInput,
    deployment: z.string().min(1),
    replicas: z.int().min(0),
    waitReady: z.boolean().default(true),
    timeout: durationMs.default(300_000),
  }),
  outputs: {
    previousReplicas: 'replicas before the change',
    readyReplicas: 'ready replicas after it',
  },
  describe: (i) => `scale ${i.context}/${i.namespace}/deployment/${i.deployment} to ${i.replicas}`,
});
