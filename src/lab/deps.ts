import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { DrError, ExitCode } from '../contract/errors.js';

const run = promisify(execFile);

/** Where PostgreSQL 15's programs are on Debian. */
export const PG_BIN_DIR = process.env.DR_LAB_PG_BIN ?? '/usr/lib/postgresql/15/bin';

async function onPath(program: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${program}`], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fails with one message naming every missing program and how to install it, before the lab
 * starts anything.
 */
export async function checkLabDeps(): Promise<void> {
  const missing: string[] = [];
  if (!(await onPath('moto_server'))) missing.push("moto_server (pip install 'moto[server]')");
  if (!(await onPath('pgbackrest'))) missing.push('pgbackrest (apt-get install -y pgbackrest)');
  if (!(await onPath('openssl'))) missing.push('openssl (apt-get install -y openssl)');
  if (!existsSync(`${PG_BIN_DIR}/initdb`)) {
    missing.push(`PostgreSQL 15 in ${PG_BIN_DIR} (apt-get install -y postgresql-15)`);
  }
  if (missing.length > 0) {
    throw new DrError('lab.missing-deps', `the lab needs: ${missing.join(', ')}`, {
      exitCode: ExitCode.invalidInput,
      hint: 'on Debian as root, sh scripts/ensure-deps.sh installs what it can',
    });
  }
}
