import { z } from 'zod';

/** How to reach a PostgreSQL server over TCP. */
export const connectionInput = z.strictObject({
  host: z.string().min(1).describe('host name or address of the server'),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().min(1).default('postgres'),
  user: z.string().min(1).default('postgres'),
  password: z.string().optional().describe('a secret reference; never logged'),
  connectTimeoutMs: z.number().int().positive().default(3000),
});
export type ConnectionInput = z.infer<typeof connectionInput>;

/** Where a local cluster lives and who runs it (we run its tools as `osUser` when root). */
export const localClusterInput = z.strictObject({
  dataDirectory: z.string().min(1).describe('PGDATA of the cluster on this machine'),
  socketDirectory: z.string().optional().describe('unix socket folder; none when absent'),
  binDirectory: z.string().default('/usr/lib/postgresql/15/bin'),
  osUser: z.string().default('postgres'),
});
export type LocalClusterInput = z.infer<typeof localClusterInput>;

/** Which pgBackRest stanza, through which configuration file. */
export const pgbackrestInput = z.strictObject({
  stanza: z.string().min(1),
  pgbackrestConfig: z.string().min(1).describe('path of the pgbackrest.conf to use'),
  osUser: z.string().default('postgres'),
  binDirectory: z.string().default('/usr/lib/postgresql/15/bin'),
});
export type PgbackrestInput = z.infer<typeof pgbackrestInput>;
