/**
 * Defensive views of a document that may not match its schema: validation reports schema
 * errors and cross-reference errors in one pass, so the cross-reference rules read raw values.
 */

export type RawRecord = Record<string, unknown>;

export function asRecord(value: unknown): RawRecord {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as RawRecord) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A step of a tier as the rules see it, with its path in the document. */
export interface RawStep {
  tierIndex: number;
  tierName: string | undefined;
  index: number;
  path: PropertyKey[];
  id: string | undefined;
  uses: string | undefined;
  value: RawRecord;
}

/** Every step of every tier, in document order. */
export function rawSteps(runbook: unknown): RawStep[] {
  const steps: RawStep[] = [];
  asArray(asRecord(runbook).tiers).forEach((tier, tierIndex) => {
    const tierName = asString(asRecord(tier).name);
    asArray(asRecord(tier).steps).forEach((step, index) => {
      const value = asRecord(step);
      steps.push({
        tierIndex,
        tierName,
        index,
        path: ['tiers', tierIndex, 'steps', index],
        id: asString(value.id),
        uses: asString(value.uses),
        value,
      });
    });
  });
  return steps;
}
