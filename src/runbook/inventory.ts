import { dirname, isAbsolute, resolve } from 'node:path';
import { parseExpressions, walkStrings } from './expressions.js';
import { inventorySchema, pathKeys, type Environment, type Inventory } from './inventory-schema.js';
import type { Issue } from './issues.js';
import { issueAt, type Source } from './source.js';
import { schemaKeys, zodIssues } from './zod-issues.js';

const inventoryKeys = schemaKeys(inventorySchema);

/** Validates an inventory: schema, peers that exist, and only `${{ secrets.X }}` references. */
export function validateInventory(source: Source): {
  inventory: Inventory | undefined;
  issues: Issue[];
} {
  const parsed = inventorySchema.safeParse(source.value);
  if (!parsed.success) {
    return {
      inventory: undefined,
      issues: zodIssues(source, parsed.error, { knownKeys: inventoryKeys }),
    };
  }
  const issues: Issue[] = [];
  for (const [name, env] of Object.entries(parsed.data.environments)) {
    if (env.peer !== undefined && !Object.hasOwn(parsed.data.environments, env.peer)) {
      issues.push(
        issueAt(source, ['environments', name, 'peer'], `peer "${env.peer}" is not an environment`),
      );
    }
  }
  walkStrings(source.value, [], (text, path) => {
    for (const parsed of parseExpressions(text)) {
      if (!parsed.ok) issues.push(issueAt(source, path, parsed.message, parsed.hint));
      else if (parsed.ref.root !== 'secrets' || parsed.ref.segments.length !== 1) {
        issues.push(
          issueAt(source, path, `${parsed.ref.text}: an inventory may only reference secrets.NAME`),
        );
      }
    }
  });
  const inventory =
    issues.length === 0 ? withAbsolutePaths(parsed.data, dirname(source.file)) : undefined;
  return { inventory, issues };
}

/** Resolves the path-valued fields of every environment against the inventory's folder. */
function withAbsolutePaths(inventory: Inventory, folder: string): Inventory {
  const fix = (value: unknown, key: string): unknown => {
    if (
      typeof value === 'string' &&
      pathKeys.has(key) &&
      !isAbsolute(value) &&
      !value.includes('${{')
    ) {
      return resolve(folder, value);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fix(v, k)]));
    }
    return value;
  };
  const environments = fix(inventory.environments, '') as Record<string, Environment>;
  const settings = fix(inventory.settings, '') as Inventory['settings'];
  const runbooks = Object.fromEntries(
    Object.entries(inventory.runbooks).map(([k, v]) => [
      k,
      v === undefined ? v : resolve(folder, v),
    ]),
  );
  return { ...inventory, environments, settings, runbooks };
}
