import { DrError, ExitCode } from '../contract/errors.js';

/** One mistake found in a runbook or inventory, where it is, and what to do about it. */
export interface Issue {
  file: string;
  line: number;
  col: number;
  /** YAML path such as `tiers[1].steps[0].needs[0]`. */
  path: string;
  message: string;
  hint?: string;
}

/** `file:line:col` for an issue. */
export function issueLocation(issue: Issue): string {
  return `${issue.file}:${issue.line}:${issue.col}`;
}

/** An issue as one or two lines of text. */
export function formatIssue(issue: Issue): string {
  const where = issue.path ? ` (at ${issue.path})` : '';
  const hint = issue.hint ? `\n    hint: ${issue.hint}` : '';
  return `${issueLocation(issue)}: ${issue.message}${where}${hint}`;
}

/** A runbook or inventory that does not validate; carries every issue found, in file order. */
export class InvalidDocumentError extends DrError {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    const sorted = [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
    const count = sorted.length === 1 ? '1 error' : `${sorted.length} errors`;
    super('runbook.invalid', `${count}\n${sorted.map(formatIssue).join('\n')}`, {
      exitCode: ExitCode.invalidInput,
      hint: 'fix the errors above; `dr validate <file>` checks again',
    });
    this.name = 'InvalidDocumentError';
    this.issues = sorted;
  }
}

/** `tiers[1].steps[0].id` from `['tiers', 1, 'steps', 0, 'id']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
