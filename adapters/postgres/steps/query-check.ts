import { z } from 'zod';
import { defineStepType, fatalError, retryableError } from '../../../src/contract/index.js';
import { clientConfig, withClient } from '../client.js';
import { connectionInput } from '../inputs.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const input = z.strictObject({
  ...connectionInput.shape,
  sql: z
    .string()
    .min(1)
    .describe('a read-only query; the first column of the first row is its value'),
  expect: z
    .object({
      rows: z.number().int().nonnegative().optional().describe('exact row count'),
      value: scalar.optional().describe('the value, compared as text'),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .default({}),
  statementTimeoutMs: z.number().int().positive().default(10_000),
});
type Input = z.infer<typeof input>;
type Outputs = { value: string | number | boolean | null; rows: number };

/** JSON-friendly form of a column value (numbers stay numbers, dates become ISO text). */
function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** What is wrong with a result against the expectation; undefined when it matches. */
export function mismatch(e: Input['expect'], got: Outputs): string | undefined {
  if (e.rows !== undefined && got.rows !== e.rows) return `${got.rows} rows, expected ${e.rows}`;
  if (e.value !== undefined && String(got.value) !== String(e.value))
    return `value ${String(got.value)}, expected ${String(e.value)}`;
  const n = Number(got.value);
  if ((e.min !== undefined || e.max !== undefined) && (got.value === null || Number.isNaN(n)))
    return `value ${String(got.value)} is not a number`;
  if (e.min !== undefined && n < e.min) return `value ${n} is below ${e.min}`;
  if (e.max !== undefined && n > e.max) return `value ${n} is above ${e.max}`;
  return undefined;
}

/** `postgres.query-check`: a read-only query compared with an expectation (verify / require). */
export const queryCheck = defineStepType<Input, Outputs>({
  type: 'postgres.query-check',
  summary: 'Run a read-only query and compare its result with an expectation',
  input,
  outputs: { value: 'first column of the first row (null when no row)', rows: 'number of rows' },
  describe: (i) =>
    `on ${i.host}:${i.port}/${i.database}, expect ${JSON.stringify(i.expect)} from: ${i.sql}`,
  async apply(ctx) {
    const { input: i } = ctx;
    const got = await withClient(clientConfig(i), ctx.signal, async (c) => {
      await c.query('BEGIN TRANSACTION READ ONLY');
      await c.query(`SET LOCAL statement_timeout = ${i.statementTimeoutMs}`);
      try {
        const result = await c.query({ text: i.sql, rowMode: 'array' });
        const first = (result.rows as unknown[][])[0]?.[0];
        return { value: plain(first), rows: result.rows.length };
      } finally {
        await c.query('ROLLBACK');
      }
    }).catch((error: unknown) => {
      // The database answered with an error for this query: no retry makes the SQL right.
      const code = (error as { cause?: { code?: string }; message?: string }).message ?? '';
      if (/syntax error|does not exist|read-only transaction/.test(code))
        throw fatalError('postgres.query-invalid', code, {
          hint: 'the query must be valid, read-only SQL',
        });
      throw error;
    });
    const wrong = mismatch(i.expect, got);
    if (wrong !== undefined)
      throw retryableError('postgres.check-failed', `query check failed: ${wrong}`, {
        hint: 'the interlock holds until the query returns what is expected',
      });
    return got;
  },
});
