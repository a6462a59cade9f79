import { DrError, ExitCode, UsageError } from '../../contract/errors.js';
import { boolFlag, defineCommand, stringFlag, type CommandArgs } from '../command.js';
import {
  formatStatus,
  labDir,
  labDisaster,
  labDown,
  labReset,
  labStatus,
  labUp,
  parseRegion,
  runTraffic,
  timedProgress,
} from '../../lab/index.js';

const out = (text: string) => process.stdout.write(`${text}\n`);
const progress = timedProgress((line) => process.stderr.write(`dr lab: ${line}\n`));
const json = (value: unknown) => out(JSON.stringify(value, null, 2));

/** Parses `5/s`, `5` or `300/m` into orders per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad --rate "${text}"`, 'write it as 5/s or 120/m');
  const n = Number(m[1]) / (m[2] === 'm' ? 60 : 1);
  if (n <= 0 || n > 50)
    throw new UsageError(`--rate ${text} is out of range`, 'between 1/m and 50/s');
  return n;
}

/** Parses `30s`, `2m`, `500ms` into milliseconds (at most one hour). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad --duration "${text}"`, 'write it as 30s, 2m or 500ms');
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000);
  if (ms <= 0 || ms > 3_600_000)
    throw new UsageError(`--duration ${text} is out of range`, 'at most 1h');
  return ms;
}

async function up(args: CommandArgs, dir: string, reset: boolean): Promise<number> {
  const result = reset ? await labReset({ dir, progress }) : await labUp({ dir, progress });
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (boolFlag(args, 'json'))
    json({
      dir,
      alreadyUp: result.alreadyUp,
      started: result.started,
      elapsedMs: result.elapsedMs,
    });
  else if (result.alreadyUp) out(`the lab in ${dir} is already up (checked in ${seconds} s)`);
  else
    out(
      `lab up in ${seconds} s: ${dir}\n  inventory: ${dir}/inventory.yaml\n  try: dr lab status --dir ${dir}`,
    );
  return ExitCode.ok;
}

async function status(args: CommandArgs, dir: string): Promise<number> {
  const s = await labStatus(dir);
  if (boolFlag(args, 'json')) json(s);
  else out(formatStatus(s));
  return s.healthy ? ExitCode.ok : ExitCode.runFailed;
}

async function down(args: CommandArgs, dir: string): Promise<number> {
  const result = await labDown(dir);
  if (boolFlag(args, 'json')) json(result);
  else
    out(
      result.stopped.length
        ? `stopped: ${result.stopped.join(', ')}`
        : `nothing was running in ${dir}`,
    );
  if (result.leftPids.length || result.leftPorts.length) {
    throw new DrError(
      'lab.down-incomplete',
      `still alive: pids ${result.leftPids.join(' ')} ports ${result.leftPorts.join(' ')}`,
      {
        exitCode: ExitCode.runFailed,
        hint: 'see the logs in the lab folder; kill the pids by hand',
      },
    );
  }
  return ExitCode.ok;
}

async function disaster(args: CommandArgs, dir: string): Promise<number> {
  const region = parseRegion(args.positionals[1] ?? '');
  const result = await labDisaster(dir, region);
  if (boolFlag(args, 'json')) json(result);
  else
    out(
      `${region} is down at ${result.at}: killed ${result.killed.map((k) => `${k.what} (${k.pid})`).join(', ') || 'nothing (already down)'}`,
    );
  if (result.leftPids.length || result.openPorts.length) {
    throw new DrError(
      'lab.disaster-incomplete',
      `${region} is not fully down: pids ${result.leftPids.join(' ') || '-'} alive, ports ${result.openPorts.join(' ') || '-'} open`,
      { exitCode: ExitCode.runFailed, hint: 'see dr lab status; run the disaster again' },
    );
  }
  return ExitCode.ok;
}

async function traffic(args: CommandArgs, dir: string): Promise<number> {
  const summary = await runTraffic({
    dir,
    ratePerSecond: parseRate(stringFlag(args, 'rate') ?? '5/s'),
    durationMs: parseDuration(stringFlag(args, 'duration') ?? '30s'),
    onOrder: boolFlag(args, 'json')
      ? undefined
      : (o) =>
          process.stderr.write(
            `${o.t} ${o.ok ? `ok ${o.region ?? '?'} #${o.id ?? '?'}` : `error ${o.error ?? o.status ?? ''}`}\n`,
          ),
  });
  if (boolFlag(args, 'json')) json(summary);
  else
    out(
      `orders: ${summary.total}, acknowledged ${summary.acknowledged}, errors ${summary.errors}, by region ${JSON.stringify(summary.byRegion)}\n  log: ${summary.file}`,
    );
  return ExitCode.ok;
}

export default defineCommand({
  name: 'lab',
  summary:
    'Run a two-region lab estate on this machine (up, status, disaster, reset, down, traffic)',
  usage: 'dr lab <up|status|disaster REGION|reset|down|traffic> [--dir D] [--json]',
  help: `Builds a real two-region estate on 127.0.0.1 for demos, drills and tests: moto (S3, Route 53),
a TLS front for pgBackRest, PostgreSQL 15 per region (region-a primary, archiving WAL to S3;
region-b is the restore target), an ERP-like app started by each region's Kubernetes API and
controller, an entry point per region, and DNS (erp.shop.example.test -> region-a).

  up          start the lab, or repair it (a second up says it is up); writes inventory.yaml,
              kubeconfig.yaml and secrets.env into the lab folder
  status      every service, port, pid and health (exit 4 when something is down)
  disaster R  kill region R for real (SIGKILL its database, API, entry point and apps)
  reset       down, remove the lab folder, up again
  down        stop every process the lab started
  traffic     place orders through DNS at a steady rate and record each in traffic.jsonl

Options:
  --dir D         lab folder (default: $DR_LAB_DIR, else .lab in the current directory)
  --json          machine-readable output
  --rate R        traffic: orders per second, e.g. 5/s or 120/m (default 5/s)
  --duration T    traffic: how long, e.g. 30s or 2m (default 30s, at most 1h)

Example:
  dr lab up && dr lab traffic --rate 5/s --duration 30s &
  dr lab disaster region-a; dr failover region-b --inventory .lab/inventory.yaml`,
  options: {
    dir: { type: 'string' },
    json: { type: 'boolean' },
    rate: { type: 'string' },
    duration: { type: 'string' },
  },
  async run(args) {
    const action = args.positionals[0];
    const dir = labDir(stringFlag(args, 'dir'));
    const actions: Record<string, () => Promise<number>> = {
      up: () => up(args, dir, false),
      reset: () => up(args, dir, true),
      status: () => status(args, dir),
      down: () => down(args, dir),
      disaster: () => disaster(args, dir),
      traffic: () => traffic(args, dir),
    };
    const handler = action === undefined ? undefined : actions[action];
    if (!handler) {
      throw new UsageError(
        action ? `unknown lab action "${action}"` : 'missing lab action',
        'see: dr lab --help',
      );
    }
    return handler();
  },
});
