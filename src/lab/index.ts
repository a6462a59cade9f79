export { labUp, type UpResult } from './up.js';
export { labDown, cleanLabDir, labPids, labPorts, type DownResult } from './down.js';
export { labStatus, formatStatus, type LabStatus, type ServiceStatus } from './status.js';
export { labDisaster, parseRegion, type DisasterResult } from './disaster.js';
export { labReset } from './reset.js';
export {
  runTraffic,
  type TrafficOptions,
  type TrafficSummary,
  type OrderRecord,
} from './traffic.js';
export { resolveLabUrl, type Resolution, type ResolverOptions } from './resolver.js';
export {
  labDir,
  readState,
  requireState,
  REGIONS,
  type LabState,
  type RegionName,
  type ServiceState,
} from './state.js';
export { readSecrets, type LabSecrets } from './secrets.js';
export { labAws, labS3, labRoute53 } from './aws.js';
export { readApps, type AppRecord } from './apps-file.js';
export { regionLayout, relativeRegionLayout, STANZA, DATABASE, DB_USER } from './layout.js';
export { timedProgress, quietProgress, type Progress } from './progress.js';
