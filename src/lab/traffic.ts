import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sleep } from '../contract/sleep.js';
import { labAws, labRoute53 } from './aws.js';
import { resolveLabUrl, type Resolution } from './resolver.js';
import { readSecrets } from './secrets.js';
import { requireState } from './state.js';

/** One order the synthetic client tried to place. */
export interface OrderRecord {
  t: string;
  ok: boolean;
  region?: string;
  id?: number;
  status?: number;
  error?: string;
  url?: string;
  latencyMs: number;
}

/** What the client saw over the whole run. */
export interface TrafficSummary {
  file: string;
  total: number;
  acknowledged: number;
  errors: number;
  byRegion: Record<string, number>;
  firstError?: string;
  lastAcknowledged?: string;
}

/** Options of {@link runTraffic}. */
export interface TrafficOptions {
  dir: string;
  ratePerSecond: number;
  durationMs: number;
  /** How often DNS is looked up again (default 2 s), so a failover is followed. */
  resolveEveryMs?: number;
  file?: string;
  signal?: AbortSignal;
  onOrder?: (order: OrderRecord) => void;
}

async function placeOrder(url: string | undefined, n: number): Promise<OrderRecord> {
  const started = Date.now();
  const t = new Date(started).toISOString();
  if (!url) return { t, ok: false, error: 'dns: unresolved', latencyMs: 0 };
  try {
    const res = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: `client-${n}`, amount: 10 + (n % 90) }),
      signal: AbortSignal.timeout(3000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      id?: number;
      region?: string;
      error?: string;
      reason?: string;
    };
    const region = res.headers.get('x-dr-region') ?? body.region;
    const ok = res.status === 201 && typeof body.id === 'number';
    return {
      t,
      ok,
      region,
      id: body.id,
      status: res.status,
      error: ok ? undefined : (body.error ?? body.reason),
      url,
      latencyMs: Date.now() - started,
    };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return {
      t,
      ok: false,
      error: code ?? (error instanceof Error ? error.message : String(error)),
      url,
      latencyMs: Date.now() - started,
    };
  }
}

function summarize(file: string, orders: OrderRecord[]): TrafficSummary {
  const byRegion: Record<string, number> = {};
  for (const o of orders) if (o.ok && o.region) byRegion[o.region] = (byRegion[o.region] ?? 0) + 1;
  const acknowledged = orders.filter((o) => o.ok);
  return {
    file,
    total: orders.length,
    acknowledged: acknowledged.length,
    errors: orders.length - acknowledged.length,
    byRegion,
    firstError: orders.find((o) => !o.ok)?.t,
    lastAcknowledged: acknowledged.at(-1)?.t,
  };
}

/**
 * The synthetic store client: places orders at a steady rate through the lab's DNS (the `erp`
 * record, re-resolved every few seconds) and appends each outcome to a JSONL file. Bounded by
 * its duration; the rate is capped at 50/s. The file is emptied first: it holds the last run.
 */
export async function runTraffic(o: TrafficOptions): Promise<TrafficSummary> {
  const state = await requireState(o.dir);
  const route53 = labRoute53(labAws(state, await readSecrets(o.dir)));
  const resolver = { route53, zoneId: state.dns.zoneId ?? '', entryPorts: state.dns.entryPorts };
  const file = o.file ?? join(o.dir, 'traffic.jsonl');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, ''); // the file holds one run: the last
  const interval = 1000 / Math.min(Math.max(o.ratePerSecond, 0.1), 50);
  const count = Math.floor(o.durationMs / interval);
  let resolution: Resolution | undefined;
  let resolvedAt = 0;
  const orders: OrderRecord[] = [];
  const inflight = new Set<Promise<void>>();
  const t0 = Date.now();
  for (let n = 0; n < count && !o.signal?.aborted; n++) {
    await sleep(Math.max(0, t0 + n * interval - Date.now()));
    if (Date.now() - resolvedAt >= (o.resolveEveryMs ?? 2000)) {
      resolvedAt = Date.now();
      resolution = await resolveLabUrl(resolver, state.dns.record).catch(() => undefined);
    }
    const p = placeOrder(resolution?.url, n).then(async (order) => {
      orders.push(order);
      o.onOrder?.(order);
      await appendFile(file, `${JSON.stringify(order)}\n`);
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  orders.sort((a, b) => a.t.localeCompare(b.t));
  return summarize(file, orders);
}
