import pg from 'pg';

/** Options of {@link startHeartbeat}. */
export interface HeartbeatOptions {
  /** The primary the drill measures (a connection string or pg client settings). */
  connection: string | pg.ClientConfig;
  /** Milliseconds between two committed rows; default 100. */
  intervalMs?: number;
}

/** What a stopped heartbeat wrote: rows committed, and the commit time of the newest one. */
export interface HeartbeatSummary {
  rows: number;
  last?: Date;
  /** Inserts that failed (the primary died or was fenced: expected during a disaster). */
  errors: number;
}

/** A running heartbeat. */
export interface Heartbeat {
  stop(): Promise<HeartbeatSummary>;
}

const createTable = `CREATE TABLE IF NOT EXISTS dr_heartbeat (
  id bigserial PRIMARY KEY, committed_at timestamptz NOT NULL DEFAULT clock_timestamp())`;

/**
 * Commits one `dr_heartbeat` row every `intervalMs` on the primary until `stop()`. After a
 * restore, RPO = disaster instant − newest heartbeat present. Each insert is its own
 * (autocommit) transaction, so the row's time is within a millisecond of its commit.
 */
export async function startHeartbeat(o: HeartbeatOptions): Promise<Heartbeat> {
  const client = new pg.Client(o.connection);
  // A dying primary emits 'error' on the client; counted below, never an unhandled event.
  client.on('error', () => undefined);
  await client.connect();
  await client.query(createTable);
  const summary: HeartbeatSummary = { rows: 0, errors: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const beat = async () => {
    try {
      const r = await client.query<{ at: Date }>(
        'INSERT INTO dr_heartbeat DEFAULT VALUES RETURNING committed_at AS at',
      );
      summary.rows += 1;
      summary.last = r.rows[0]?.at ?? summary.last;
    } catch {
      summary.errors += 1;
    }
  };
  const tick = () => {
    if (stopped) return;
    const started = Date.now();
    inFlight = beat().then(() => {
      // Keep the cadence: the next beat is due one interval after this one started.
      if (!stopped)
        timer = setTimeout(tick, Math.max(0, (o.intervalMs ?? 100) - (Date.now() - started)));
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // A partitioned primary may never answer the last insert: wait for it at most 2 s.
      const bound = new Promise<void>((r) => setTimeout(r, 2000).unref());
      await Promise.race([inFlight, bound]);
      await Promise.race([client.end().catch(() => undefined), bound]);
      return { ...summary };
    },
  };
}
