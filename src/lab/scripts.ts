import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrError } from '../contract/errors.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The lab's process entry points, run as `node <file> …`. */
export type LabScript = 'tls-front' | 'region-daemon' | 'app-server';

/**
 * Path of a lab entry point's compiled JavaScript. From `dist/` it is the sibling file; from the
 * TypeScript sources (under vitest) it is the built copy in `dist/`, since Node 20 cannot run
 * TypeScript itself.
 */
export function labScriptPath(script: LabScript): string {
  const sub = script === 'app-server' ? join('app', 'server.js') : `${script}.js`;
  const file = here.includes(`${join('dist', 'src')}`)
    ? join(here, sub)
    : join(resolve(here, '..', '..'), 'dist', 'src', 'lab', sub);
  if (!existsSync(file)) {
    throw new DrError('lab.not-built', `the lab's ${script} is not built (${file} is missing)`, {
      hint: 'build dr first: npx tsc -p tsconfig.build.json',
    });
  }
  return file;
}
