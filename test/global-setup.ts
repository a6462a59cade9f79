/**
 * Vitest global setup: brings the lab up once in a temporary folder for the integration and
 * end-to-end tests, hands its folder to the tests (`inject('labDir')` and `DR_LAB_DIR`), and takes
 * it down at the end.
 *
 * - `DR_LAB=off`: does nothing (tests that need the lab skip).
 * - `DR_LAB_DIR` naming a lab that is up: uses it and leaves it running (fast local iteration).
 * - a run of unit tests only (`vitest run test/unit`) does not start the lab.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { labDown, labStatus, labUp, timedProgress } from '../src/lab/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The lab folder, or undefined when the lab is off for this run. */
    labDir: string | undefined;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The lab's processes run from dist/: build it when it is missing or older than src/. */
function ensureBuilt(): void {
  const marker = join('dist', 'src', 'lab', 'region-daemon.js');
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime('src')) return;
  process.stderr.write('lab: building dist/ (tsc -p tsconfig.build.json)\n');
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
      stdio: 'ignore',
      timeout: 300_000,
    });
  } catch {
    // tsc emits despite type errors elsewhere; the marker says whether the lab got built
  }
  if (!existsSync(marker)) throw new Error(`lab: ${marker} is missing after the build`);
}

function unitTestsOnly(): boolean {
  const filters = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('-') && a !== 'run' && a !== 'watch');
  return (
    filters.length > 0 && filters.every((f) => f.startsWith('test/unit') || f.includes('/unit/'))
  );
}

async function labIsUp(dir: string): Promise<boolean> {
  try {
    return (await labStatus(dir)).healthy;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject) {
  project.provide('labDir', undefined);
  if (process.env.DR_LAB === 'off' || unitTestsOnly()) return;
  const given = process.env.DR_LAB_DIR;
  if (given && (await labIsUp(given))) {
    project.provide('labDir', given);
    return;
  }
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'dr-lab-'));
  const progress = timedProgress((line) => process.stderr.write(`lab: ${line}\n`));
  try {
    const up = await labUp({ dir, progress });
    process.stderr.write(`lab: up in ${(up.elapsedMs / 1000).toFixed(1)} s in ${dir}\n`);
  } catch (error) {
    await labDown(dir).catch(() => undefined);
    throw error;
  }
  process.env.DR_LAB_DIR = dir;
  project.provide('labDir', dir);
  return async () => {
    const result = await labDown(dir);
    if (result.leftPids.length === 0 && result.leftPorts.length === 0)
      await rm(dir, { recursive: true, force: true });
    else
      process.stderr.write(
        `lab: left behind pids ${result.leftPids.join(' ')} ports ${result.leftPorts.join(' ')}\n`,
      );
  };
}
