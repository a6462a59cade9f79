import type { AnyStepType } from '../../src/contract/index.js';
import { fence } from './steps/fence.js';
import { heartbeatRead } from './steps/heartbeat-read.js';
import { latestRestorablePointStep } from './steps/latest-restorable-point.js';
import { pitrRestore } from './steps/pitr-restore.js';
import { promote } from './steps/promote.js';
import { queryCheck } from './steps/query-check.js';

export {
  latestRestorablePoint,
  type RestorablePoint,
  type RestorablePointOptions,
} from './restorable-point.js';

/** The PostgreSQL step types. */
export const stepTypes = [
  pitrRestore,
  fence,
  promote,
  queryCheck,
  latestRestorablePointStep,
  heartbeatRead,
] satisfies readonly AnyStepType[];
