import type { Issue } from './issues.js';
import { asArray, asRecord, asString, type RawStep } from './raw.js';
import { issueAt, type Source } from './source.js';
import { didYouMean } from './suggest.js';

/** Duplicate tier names and step ids; `needs` naming a missing step, another tier's, or a cycle. */
export function structureIssues(source: Source, steps: RawStep[]): Issue[] {
  const issues: Issue[] = [];
  const tierNames = new Map<string, number>();
  asArray(asRecord(source.value).tiers).forEach((tier, index) => {
    const name = asString(asRecord(tier).name);
    if (name === undefined) return;
    if (tierNames.has(name)) {
      issues.push(issueAt(source, ['tiers', index, 'name'], `duplicate tier name "${name}"`));
    } else tierNames.set(name, index);
  });
  const byId = new Map<string, RawStep>();
  for (const step of steps) {
    if (step.id === undefined) continue;
    const first = byId.get(step.id);
    if (first) {
      const line = source.locate([...first.path, 'id']).line;
      const message = `duplicate step id "${step.id}" (first defined on line ${line})`;
      issues.push(
        issueAt(source, [...step.path, 'id'], message, 'step ids are unique in a runbook'),
      );
    } else byId.set(step.id, step);
  }
  for (const step of steps) issues.push(...needsIssues(source, step, byId));
  issues.push(...cycleIssues(source, steps));
  return issues;
}

function needsIssues(source: Source, step: RawStep, byId: Map<string, RawStep>): Issue[] {
  const issues: Issue[] = [];
  asArray(step.value.needs).forEach((need, index) => {
    if (typeof need !== 'string') return;
    const path = [...step.path, 'needs', index];
    const target = byId.get(need);
    if (!target) {
      const hint = didYouMean(need, byId.keys()) ?? 'needs names steps of the same tier';
      issues.push(issueAt(source, path, `needs "${need}", which is not a step`, hint));
    } else if (target.tierIndex !== step.tierIndex) {
      const hint =
        'tiers already run in order: a step of an earlier tier is done before this tier starts';
      const message = `needs "${need}", a step of tier "${target.tierName ?? target.tierIndex}", not of this tier`;
      issues.push(issueAt(source, path, message, hint));
    } else if (need === step.id) {
      issues.push(issueAt(source, path, `step "${need}" needs itself`));
    }
  });
  return issues;
}

function cycleIssues(source: Source, steps: RawStep[]): Issue[] {
  const needsOf = new Map<string, string[]>();
  for (const step of steps) {
    if (step.id === undefined) continue;
    const sameTier = asArray(step.value.needs).filter(
      (n): n is string =>
        typeof n === 'string' &&
        n !== step.id &&
        steps.some((s) => s.id === n && s.tierIndex === step.tierIndex),
    );
    needsOf.set(step.id, sameTier);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const issues: Issue[] = [];
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const step = steps.find((s) => s.id === id);
      if (step) {
        const message = `needs form a cycle: ${cycle.join(' → ')}`;
        issues.push(issueAt(source, [...step.path, 'needs'], message, 'remove one of these needs'));
      }
      return;
    }
    state.set(id, 'visiting');
    for (const need of needsOf.get(id) ?? []) visit(need, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of needsOf.keys()) visit(id, []);
  return issues;
}

/** Step ids a step may reference outputs of: every step of earlier tiers, and its transitive needs. */
export function reachableSteps(step: RawStep, steps: RawStep[]): Set<string> {
  const reachable = new Set<string>();
  for (const other of steps) {
    if (other.id !== undefined && other.tierIndex < step.tierIndex) reachable.add(other.id);
  }
  const queue = asArray(step.value.needs).filter((n): n is string => typeof n === 'string');
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reachable.has(id) || id === step.id) continue;
    const other = steps.find((s) => s.id === id && s.tierIndex === step.tierIndex);
    if (!other) continue;
    reachable.add(id);
    queue.push(...asArray(other.value.needs).filter((n): n is string => typeof n === 'string'));
  }
  return reachable;
}
