import type { AnyStepType } from './step-type.js';

/** Step types by name: the one place the validator, compiler and engine look them up. */
export interface StepRegistry {
  get(type: string): AnyStepType | undefined;
  types(): string[];
}

/** A registry of the given step types; two types with one name is a programming error. */
export function createRegistry(stepTypes: readonly AnyStepType[]): StepRegistry {
  const byName = new Map<string, AnyStepType>();
  for (const stepType of stepTypes) {
    if (byName.has(stepType.type)) throw new Error(`step type ${stepType.type} registered twice`);
    byName.set(stepType.type, stepType);
  }
  return { get: (type) => byName.get(type), types: () => [...byName.keys()].sort() };
}
