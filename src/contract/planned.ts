import { fatalError } from './errors.js';
import type { StepOutputs, StepType } from './step-type.js';

/**
 * A step type that is declared (schema, outputs, description) but not implemented yet. The
 * engine refuses runs that contain one before anything starts, so `apply` is never reached.
 */
export function plannedStepType<I, O extends StepOutputs>(
  definition: Omit<StepType<I, O>, 'apply' | 'check' | 'verify' | 'planned'>,
): StepType<I, O> {
  return {
    ...definition,
    planned: true,
    apply: () =>
      Promise.reject(
        fatalError(
          'step.not-implemented',
          `${definition.type} is declared but not implemented yet`,
        ),
      ),
  };
}
