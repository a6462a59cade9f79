import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Numeric uid and gid of an OS user (`id -u`, `id -g`), or undefined when we cannot chown. */
export async function osUserIds(
  osUser: string | undefined,
): Promise<{ uid: number; gid: number } | undefined> {
  if (osUser === undefined || process.getuid?.() !== 0) return undefined;
  const uid = Number((await execFileAsync('id', ['-u', osUser])).stdout.trim());
  const gid = Number((await execFileAsync('id', ['-g', osUser])).stdout.trim());
  return { uid, gid };
}

/** Creates a folder (and parents) owned by `osUser`, with `mode` (PostgreSQL wants 700). */
export async function makeOwnedDir(path: string, osUser: string | undefined, mode = 0o700) {
  await mkdir(path, { recursive: true });
  const ids = await osUserIds(osUser);
  if (ids !== undefined) await chown(path, ids.uid, ids.gid);
  await chmod(path, mode);
}

/** Writes a file owned by `osUser` (created as root, then handed over). */
export async function writeOwnedFile(
  path: string,
  text: string,
  o: { osUser: string | undefined; mode?: number; append?: boolean },
) {
  await writeFile(path, text, { flag: o.append === true ? 'a' : 'w', mode: o.mode ?? 0o600 });
  const ids = await osUserIds(o.osUser);
  if (ids !== undefined) await chown(path, ids.uid, ids.gid);
  await chmod(path, o.mode ?? 0o600);
}

/** A PostgreSQL configuration value, single-quoted (quotes doubled) so any value is one token. */
export function pgConfValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
