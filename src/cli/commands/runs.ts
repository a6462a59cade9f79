import { ExitCode } from '../../contract/errors.js';
import { boolFlag, defineCommand } from '../command.js';
import { openStore, storeOptions } from '../context.js';

export default defineCommand({
  name: 'runs',
  summary: 'list runs, newest last',
  usage: 'dr runs [--json]',
  help: 'Lists every run in the store with its status, mode, runbook, params and who started it.',
  options: { json: { type: 'boolean' }, ...storeOptions },
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(args) {
    const runs = openStore(args).listRuns();
    if (boolFlag(args, 'json')) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (runs.length === 0) process.stdout.write('no runs yet\n');
    for (const run of runs) {
      const params = Object.entries(run.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      process.stdout.write(
        `${run.id}  ${run.status.padEnd(11)} ${run.mode.padEnd(8)} ${run.startedBy}  ${params}\n`,
      );
    }
    return ExitCode.ok;
  },
});
