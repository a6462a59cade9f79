import type { AnyStepType } from '../../src/contract/index.js';
import { failover } from './steps/failover.js';

export const stepTypes = [failover] satisfies readonly AnyStepType[];
