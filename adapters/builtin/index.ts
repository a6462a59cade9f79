import type { AnyStepType } from '../../src/contract/index.js';
import { exec } from './steps/exec.js';
import { gateApproval } from './steps/gate-approval.js';
import { httpCheck } from './steps/http-check.js';
import { wait } from './steps/wait.js';

export const stepTypes = [gateApproval, wait, httpCheck, exec] satisfies readonly AnyStepType[];
