import { z } from 'zod';
import { defineStepType } from '../../../src/contract/index.js';
import { clientConfig, withClient } from '../client.js';
import { connectionInput } from '../inputs.js';

const input = z.strictObject({
  ...connectionInput.shape,
  disasterAt: z
    .union([z.literal(''), z.iso.datetime({ offset: true })])
    .optional()
    .describe('the disaster instant (empty: unknown); gives rpoSeconds'),
});
type Input = z.infer<typeof input>;
type Outputs = { newestHeartbeat: string | null; rows: number; rpoSeconds: number | null };

/** `postgres.heartbeat-read`: the newest drill heartbeat that survived in a (restored) database. */
export const heartbeatRead = defineStepType<Input, Outputs>({
  type: 'postgres.heartbeat-read',
  summary: 'Read the newest drill heartbeat (dr_heartbeat) of a database, and the RPO it implies',
  input,
  outputs: {
    newestHeartbeat: 'commit time of the newest heartbeat row (ISO 8601), null when none',
    rows: 'heartbeat rows present',
    rpoSeconds: 'disasterAt − newestHeartbeat, null without disasterAt or heartbeat',
  },
  describe: (i) => `read the newest heartbeat on ${i.host}:${i.port}/${i.database}`,
  async apply(ctx) {
    const { input: i } = ctx;
    const row = await withClient(clientConfig(i), ctx.signal, async (c) => {
      await c.query('BEGIN TRANSACTION READ ONLY');
      // No heartbeat table is a valid answer (nothing survived), not an error.
      const exists = (await c.query(`SELECT to_regclass('dr_heartbeat') IS NOT NULL AS e`))
        .rows[0] as { e: boolean };
      if (!exists.e) return { newest: null, rows: 0 };
      const result = await c.query<{ newest: Date | null; rows: number }>(
        'SELECT max(committed_at) AS newest, count(*)::int AS rows FROM dr_heartbeat',
      );
      await c.query('ROLLBACK');
      return result.rows[0] ?? { newest: null, rows: 0 };
    });
    const newest = row.newest?.toISOString() ?? null;
    const rpo =
      !i.disasterAt || row.newest === null
        ? null
        : Math.max(0, (Date.parse(i.disasterAt) - row.newest.getTime()) / 1000);
    return { newestHeartbeat: newest, rows: row.rows, rpoSeconds: rpo };
  },
});
