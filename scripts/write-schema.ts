/** Writes schema/*.schema.json from the zod schemas (npm run schema); a unit test keeps them in step. */
import { writeFileSync } from 'node:fs';
import { defaultRegistry } from '../src/registry.js';
import { inventoryJsonSchema, runbookJsonSchema } from '../src/runbook/json-schema.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync('schema/runbook.schema.json', json(runbookJsonSchema(defaultRegistry)));
writeFileSync('schema/inventory.schema.json', json(inventoryJsonSchema()));
process.stdout.write('wrote schema/runbook.schema.json and schema/inventory.schema.json\n');
