import { z } from 'zod';
import { plannedStepType } from '../../../src/contract/index.js';
import { clusterInput } from '../inputs.js';

/** `kubernetes.switch-ingress`: point an Ingress (or Traefik IngressRoute) at a Service. */
export const switchIngress = plannedStepType({
  type: 'kubernetes.switch-ingress',
  summary: 'point an Ingress at a Service (declared; not implemented yet)',
  input: z.strictObject({
    ...clusterInput,
    ingress: z.string().min(1),
    kind: z.enum(['Ingress', 'IngressRoute']).default('Ingress'),
    service: z.string().min(1),
    port: z.int().min(1).max(65_535).optional(),
  }),
  outputs: { previousService: 'the Service the Ingress pointed at before' },
  describe: (i) =>
    `point ${i.kind} ${i.context}/${i.namespace}/${i.ingress} at service ${i.service}`,
});
