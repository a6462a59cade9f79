import type { StepRegistry } from '../contract/registry.js';
import type { Issue } from './issues.js';
import { asArray, asRecord, asString, type RawRecord, type RawStep } from './raw.js';
import { issueAt, type Source } from './source.js';
import { didYouMean } from './suggest.js';
import { schemaKeys, zodIssues } from './zod-issues.js';

/** Whether the raw value at `path` holds a reference: its type is only known at run time. */
function holdsReference(source: Source, path: PropertyKey[]): boolean {
  let node: unknown = source.value;
  for (const segment of path)
    node = asRecord(node)[segment as string] ?? asArray(node)[segment as number];
  return typeof node === 'string' && node.includes('${{');
}

/** `uses` names a registered type, and its `with` passes that type's schema. */
function usesIssues(
  source: Source,
  registry: StepRegistry,
  item: { path: PropertyKey[]; uses: string | undefined; with: unknown },
): Issue[] {
  if (item.uses === undefined) return [];
  const stepType = registry.get(item.uses);
  if (!stepType) {
    const hint =
      didYouMean(item.uses, registry.types()) ?? `known types: ${registry.types().join(', ')}`;
    return [issueAt(source, [...item.path, 'uses'], `unknown step type "${item.uses}"`, hint)];
  }
  const result = stepType.input.safeParse(item.with ?? {});
  if (result.success) return [];
  return zodIssues(source, result.error, {
    base: [...item.path, 'with'],
    knownKeys: schemaKeys(stepType.input),
    skip: (path) => holdsReference(source, path),
  }).map((issue) => ({ ...issue, message: `${item.uses}: ${issue.message}` }));
}

/** Checks `uses`/`with` of every step, its `require` checks, its drill variant, and tier `verify`. */
export function stepTypeIssues(source: Source, registry: StepRegistry, steps: RawStep[]): Issue[] {
  const issues: Issue[] = [];
  for (const step of steps) {
    issues.push(
      ...usesIssues(source, registry, { path: step.path, uses: step.uses, with: step.value.with }),
    );
    const drillWith = asRecord(step.value.drill).with;
    if (drillWith !== undefined && step.uses !== undefined && registry.get(step.uses)) {
      const merged = { ...asRecord(step.value.with), ...asRecord(drillWith) };
      const result = registry.get(step.uses)?.input.safeParse(merged);
      if (result && !result.success) {
        const message = `${step.uses}: the drill variant of "with" is invalid: ${result.error.issues[0]?.message ?? ''}`;
        issues.push(issueAt(source, [...step.path, 'drill', 'with'], message));
      }
    }
    asArray(step.value.require).forEach((check, i) =>
      issues.push(...checkIssues(source, registry, [...step.path, 'require', i], asRecord(check))),
    );
  }
  asArray(asRecord(source.value).tiers).forEach((tier, t) =>
    asArray(asRecord(tier).verify).forEach((check, i) =>
      issues.push(...checkIssues(source, registry, ['tiers', t, 'verify', i], asRecord(check))),
    ),
  );
  return issues;
}

function checkIssues(
  source: Source,
  registry: StepRegistry,
  path: PropertyKey[],
  check: RawRecord,
) {
  const uses = asString(check.uses);
  const issues = usesIssues(source, registry, { path, uses, with: check.with });
  if (uses !== undefined && registry.get(uses)?.gate) {
    issues.push(
      issueAt(source, [...path, 'uses'], `a gate cannot be a check`, 'use gate.approval as a step'),
    );
  }
  return issues;
}
