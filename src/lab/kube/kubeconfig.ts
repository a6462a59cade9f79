/** A kubeconfig for lab Kubernetes APIs, read by both kubectl and @kubernetes/client-node. */
import { stringify } from 'yaml';

/** One context of a lab kubeconfig. */
export interface LabContext {
  name: string;
  /** The API's URL (`http://127.0.0.1:…`). */
  server: string;
  namespace?: string;
}

/**
 * A kubeconfig with one cluster, user and context per entry, the first current. Clusters are
 * plain HTTP marked `insecure-skip-tls-verify` (client-node refuses http:// clusters without it);
 * users carry a dummy token, which the lab accepts as any other.
 */
export function kubeconfigYaml(contexts: LabContext[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: contexts.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'insecure-skip-tls-verify': true },
    })),
    users: contexts.map((c) => ({ name: c.name, user: { token: 'dr-lab' } })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: {
        cluster: c.name,
        user: c.name,
        ...(c.namespace ? { namespace: c.namespace } : {}),
      },
    })),
    'current-context': contexts[0]?.name ?? '',
  });
}
