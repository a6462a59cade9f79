export { startKubeApi } from './server.js';
export { kubeconfigYaml, type LabContext } from './kubeconfig.js';
export { KubeStatusError } from './status.js';
export type { KubeApiOptions, KubeApiServer, KubeChange, KubeObject, ObjectMeta } from './types.js';
