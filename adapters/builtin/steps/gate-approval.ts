import { z } from 'zod';
import { defineStepType, fatalError } from '../../../src/contract/index.js';

/**
 * A human gate: the run waits until `approvals` distinct people run `dr approve`. The engine
 * handles it as a machine state that waits for approval events, so it has no work of its own.
 */
export const gateApproval = defineStepType({
  type: 'gate.approval',
  summary: 'wait for N distinct approvers (`dr approve <run> <gate>`)',
  gate: true,
  input: z.strictObject({
    approvals: z.int().min(1).max(10).default(1),
    summary: z.string().optional(),
  }),
  outputs: { approvedBy: 'comma-separated names of the approvers' },
  describe: (input) =>
    `wait for ${input.approvals} approval${input.approvals > 1 ? 's' : ''}` +
    (input.summary ? `: ${input.summary}` : ''),
  apply() {
    return Promise.reject(fatalError('gate.not-runnable', 'a gate is approved, not run'));
  },
});
