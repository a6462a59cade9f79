import { execFileSync } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';

/**
 * The OS user that runs PostgreSQL and pgBackRest: `postgres` when dr runs as root (PostgreSQL
 * refuses root), else the current user.
 */
export function pgOsUser(): string | undefined {
  return process.getuid?.() === 0 ? 'postgres' : undefined;
}

function ids(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Makes a folder owned by the PostgreSQL OS user (when there is one) with the given mode. */
export async function mkdirForPg(path: string, mode = 0o700): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  const user = pgOsUser();
  if (user) {
    const { uid, gid } = ids(user);
    await chown(path, uid, gid);
  }
}

/** Gives a file to the PostgreSQL OS user (when there is one). */
export async function chownForPg(path: string): Promise<void> {
  const user = pgOsUser();
  if (!user) return;
  const { uid, gid } = ids(user);
  await chown(path, uid, gid);
}
