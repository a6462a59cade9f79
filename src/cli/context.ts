import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { LocalStore } from '../store/local-store.js';
import { stringFlag, type CommandArgs } from './command.js';

/** The run store: `--store DIR`, `$DR_STORE`, or `.dr/` in the current directory. */
export function openStore(args: CommandArgs): LocalStore {
  return new LocalStore(resolve(stringFlag(args, 'store') ?? process.env.DR_STORE ?? '.dr'));
}

/** Who is acting, for the audit trail: `--as`, `$DR_USER`, or the login name. */
export function actingUser(args: CommandArgs): string {
  const given = stringFlag(args, 'as') ?? process.env.DR_USER;
  if (given) return given;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Flags every run command shares. */
export const storeOptions = {
  store: { type: 'string' },
  as: { type: 'string' },
} as const;
