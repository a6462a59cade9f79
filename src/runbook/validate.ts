import type { StepRegistry } from '../contract/registry.js';
import type { Inventory } from './inventory-schema.js';
import type { Issue } from './issues.js';
import { rawSteps } from './raw.js';
import { runbookSchema, type Runbook } from './schema.js';
import { issueAt, type Source } from './source.js';
import { paramIssues } from './validate-params.js';
import { referenceIssues } from './validate-references.js';
import { stepTypeIssues } from './validate-steps.js';
import { structureIssues } from './validate-structure.js';
import { schemaKeys, zodIssues } from './zod-issues.js';

const runbookKeys = schemaKeys(runbookSchema);

/** Options of runbook validation. */
export interface ValidateOptions {
  registry: StepRegistry;
  /** When given, references into it are checked, and `exec` needs its `settings.allowExec`. */
  inventory?: Inventory | undefined;
}

/** Validates a parsed runbook completely: every issue at once, never a throw. */
export function validateRunbook(
  source: Source,
  options: ValidateOptions,
): { runbook: Runbook | undefined; issues: Issue[] } {
  const parsed = runbookSchema.safeParse(source.value);
  const issues = parsed.success ? [] : zodIssues(source, parsed.error, { knownKeys: runbookKeys });
  const steps = rawSteps(source.value);
  issues.push(...structureIssues(source, steps));
  issues.push(...stepTypeIssues(source, options.registry, steps));
  issues.push(...referenceIssues(source, { ...options, inventory: options.inventory, steps }));
  issues.push(...paramIssues(source, options.inventory));
  if (options.inventory && !options.inventory.settings.allowExec) {
    for (const step of steps.filter((s) => s.uses === 'exec')) {
      const hint = 'exec runs programs: allow it in the inventory with settings.allowExec: true';
      issues.push(
        issueAt(source, [...step.path, 'uses'], 'exec is not allowed by this inventory', hint),
      );
    }
  }
  const unique = dedupe(issues);
  return {
    runbook: unique.length === 0 && parsed.success ? parsed.data : undefined,
    issues: unique,
  };
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.line}:${issue.col}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
