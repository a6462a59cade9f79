import { ExitCode, UsageError } from '../../contract/errors.js';
import { leaseIsStale } from '../../store/lease-files.js';
import { boolFlag, defineCommand, requirePositional } from '../command.js';
import { actingUser, openStore, storeOptions } from '../context.js';

export default defineCommand({
  name: 'unlock',
  summary: 'break an environment lock left by a run that is gone',
  usage: 'dr unlock <environment> [--force]',
  help: `Removes the lock of an environment. Refused while the lock looks alive (its process runs
and it is renewed) unless --force: breaking a live lock allows two failovers at once.
The holder's journal records who broke it.`,
  options: { force: { type: 'boolean' }, ...storeOptions },
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(args) {
    const environment = requirePositional(args, 0, 'the environment', 'unlock');
    const store = openStore(args);
    const lease = store.readLease(environment);
    if (!lease) {
      process.stdout.write(`${environment} is not locked\n`);
      return ExitCode.ok;
    }
    if (!leaseIsStale(lease) && !boolFlag(args, 'force')) {
      throw new UsageError(
        `${environment} is held by live run ${lease.runId} (pid ${lease.pid} on ${lease.host})`,
        `stop that run (dr abort ${lease.runId}) or, if you are sure it is gone, use --force`,
      );
    }
    store.breakLease(environment);
    try {
      const journal = store.openJournal(lease.runId);
      journal.append('lock.broken', { environment, by: actingUser(args) });
      journal.close();
    } catch {
      // the holder's run folder may be gone; the lock is broken all the same
    }
    process.stdout.write(
      `broke the lock of ${environment} held by run ${lease.runId} (${lease.owner})\n`,
    );
    return ExitCode.ok;
  },
});
