import { DrError, ExitCode } from '../contract/errors.js';
import { parseCommandArgs, type Command } from './command.js';
import { commandLoaders } from './commands/index.js';
import { redactText } from '../contract/redact.js';

const VERSION = '0.1.0';

// The AWS SDK warns on every Node 20 process that its support ends; on a terminal during an
// outage that noise hides what matters. Every other warning still prints.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning: string | Error, ...rest: never[]) => {
  if (String(warning).startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

async function topHelp(): Promise<string> {
  const lines = ['dr — disaster-recovery runbooks, compiled to state machines, run durably.', ''];
  lines.push('Usage: dr <command> [options]     dr <command> --help for details', '', 'Commands:');
  for (const [name, load] of Object.entries(commandLoaders)) {
    const command = await load();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', 'Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid runbook or inventory,');
  lines.push('            4 run failed, 5 conflict (lock held, runbook changed), 6 interrupted,');
  lines.push('            7 drill objective breached.');
  return lines.join('\n');
}

function commandHelp(command: Command): string {
  return `${command.usage}\n\n${command.help}`;
}

/** Prints an error as the user should see it: message, hint, never a stack for their mistakes. */
export function formatError(error: unknown): { text: string; exitCode: number } {
  if (error instanceof DrError) {
    const hint = error.hint ? `\n  hint: ${error.hint}` : '';
    const label = error.exitCode === ExitCode.internal ? 'internal error' : 'error';
    return { text: `dr: ${label}: ${error.message}${hint}`, exitCode: error.exitCode };
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    text: `dr: internal error (a bug in dr, please report it):\n${stack}`,
    exitCode: ExitCode.internal,
  };
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await topHelp()}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const load = commandLoaders[name];
  if (!load) {
    process.stderr.write(`dr: unknown command "${name}"\n  hint: dr --help lists the commands\n`);
    return ExitCode.usage;
  }
  const command = await load();
  const args = parseCommandArgs(command, rest);
  if (args.values.help === true) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return ExitCode.ok;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { text, exitCode } = formatError(error);
    process.stderr.write(`${redactText(text)}\n`);
    process.exitCode = exitCode;
  },
);
