import type { AnyStepType } from '../../src/contract/index.js';
import { sync } from './steps/sync.js';

export const stepTypes = [sync] satisfies readonly AnyStepType[];
