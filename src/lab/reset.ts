import { cleanLabDir, labDown } from './down.js';
import type { Progress } from './progress.js';
import { labUp, type UpResult } from './up.js';

/** `dr lab reset`: down, remove the lab folder, up again from nothing. */
export async function labReset(o: { dir: string; progress: Progress }): Promise<UpResult> {
  const down = await labDown(o.dir);
  o.progress(`stopped: ${down.stopped.join(', ') || 'nothing was running'}`);
  await cleanLabDir(o.dir);
  o.progress(`removed ${o.dir}`);
  return labUp(o);
}
