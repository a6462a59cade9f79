import { z } from 'zod';
import type { StepRegistry } from '../contract/registry.js';
import { inventorySchema } from './inventory-schema.js';
import { runbookSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

/** `with` schemas per step type, so editors complete a step's `with` once `uses` is written. */
function stepWithRules(registry: StepRegistry): JsonSchema[] {
  return registry.types().map((type) => {
    const stepType = registry.get(type);
    const withSchema: JsonSchema = stepType
      ? z.toJSONSchema(stepType.input, { io: 'input', unrepresentable: 'any' })
      : {};
    delete withSchema.$schema;
    return {
      if: { properties: { uses: { const: type } }, required: ['uses'] },
      then: { properties: { with: withSchema } },
    };
  });
}

/** The published JSON Schema of runbooks (`schema/runbook.schema.json`), generated from zod. */
export function runbookJsonSchema(registry: StepRegistry): JsonSchema {
  const schema = z.toJSONSchema(runbookSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const step = (((schema.properties as JsonSchema).tiers as JsonSchema).items as JsonSchema)
    .properties as JsonSchema;
  const steps = (step.steps as JsonSchema).items as JsonSchema;
  steps.allOf = stepWithRules(registry);
  return {
    ...schema,
    $id: 'https://dr.dev/schema/runbook.schema.json',
    title: 'dr runbook (dr/v1)',
  };
}

/** The published JSON Schema of inventories (`schema/inventory.schema.json`). */
export function inventoryJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(inventorySchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return {
    ...schema,
    $id: 'https://dr.dev/schema/inventory.schema.json',
    title: 'dr inventory (dr/v1)',
  };
}
