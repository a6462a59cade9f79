import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/registry.js';
import { inventoryJsonSchema, runbookJsonSchema } from '../../../src/runbook/json-schema.js';

const onDisk = (name: string) => JSON.parse(readFileSync(`schema/${name}`, 'utf8')) as unknown;

describe('published JSON Schemas', () => {
  it('schema/runbook.schema.json is generated from the zod schema (run `npm run schema`)', () => {
    expect(onDisk('runbook.schema.json')).toEqual(runbookJsonSchema(defaultRegistry));
  });

  it('schema/inventory.schema.json is generated from the zod schema (run `npm run schema`)', () => {
    expect(onDisk('inventory.schema.json')).toEqual(inventoryJsonSchema());
  });

  it('gives editors the with-schema of every step type', () => {
    const text = JSON.stringify(runbookJsonSchema(defaultRegistry));
    for (const type of defaultRegistry.types()) expect(text).toContain(`"const":"${type}"`);
  });
});
