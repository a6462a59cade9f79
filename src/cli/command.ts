import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../contract/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A sub-command of `dr`: its flags, its help, and what it does. Returns the exit code. */
export interface Command<O extends Options = Options> {
  name: string;
  /** One line for `dr --help`. */
  summary: string;
  /** `dr <name> …` synopsis lines. */
  usage: string;
  /** Longer help: what it does, each flag, an example. */
  help: string;
  options: O;
  run(args: CommandArgs): Promise<number>;
}

/** Parsed arguments handed to a command. */
export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** Identity helper that types a command definition. */
export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** Parses argv for one command; unknown flags become a usage error. */
export function parseCommandArgs(command: Command, argv: string[]): CommandArgs {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values };
  } catch (error) {
    throw new UsageError((error as Error).message, `see: dr ${command.name} --help`);
  }
}

/** Reads a string flag. */
export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a repeatable string flag (`--param a=1 --param b=2`). */
export function listFlag(args: CommandArgs, name: string): string[] {
  const value = args.values[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

/** Reads a boolean flag. */
export function boolFlag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/** The n-th positional argument, or a usage error naming what is missing. */
export function requirePositional(args: CommandArgs, index: number, what: string, command: string) {
  const value = args.positionals[index];
  if (value === undefined)
    throw new UsageError(`missing ${what}`, `usage: see dr ${command} --help`);
  return value;
}
