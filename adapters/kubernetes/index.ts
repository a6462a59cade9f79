import type { AnyStepType } from '../../src/contract/index.js';
import { scale } from './steps/scale.js';
import { switchIngress } from './steps/switch-ingress.js';

export const stepTypes = [scale, switchIngress] satisfies readonly AnyStepType[];
