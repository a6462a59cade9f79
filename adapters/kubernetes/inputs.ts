import { z } from 'zod';

/** Where a Kubernetes object lives: a kubeconfig context and a namespace. */
export const clusterInput = {
  kubeconfig: z.string().optional().describe('kubeconfig file (default: $KUBECONFIG)'),
  context: z.string().min(1).describe('kubeconfig context of the region'),
  namespace: z.string().min(1).default('default'),
};
