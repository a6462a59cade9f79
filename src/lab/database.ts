import pg from 'pg';
import type { Attachment } from './filestore.js';

/** Tables of the lab's ERP: orders and Odoo's attachment index. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ir_attachment (
  id serial PRIMARY KEY,
  name text NOT NULL,
  store_fname text NOT NULL,
  checksum text NOT NULL,
  file_size integer NOT NULL,
  create_date timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS sale_order (
  id serial PRIMARY KEY,
  customer text NOT NULL,
  amount numeric(12, 2) NOT NULL,
  region text NOT NULL,
  attachment_id integer REFERENCES ir_attachment(id),
  create_date timestamptz NOT NULL DEFAULT clock_timestamp()
);`;

/** Connection settings of the lab's primary as a superuser over TCP. */
export interface SuperConnection {
  port: number;
  password: string;
}

async function withClient<T>(config: pg.ClientConfig, fn: (c: pg.Client) => Promise<T>) {
  const client = new pg.Client({ host: '127.0.0.1', connectionTimeoutMillis: 10_000, ...config });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (once) the app's role and database, owned by that role. */
export async function ensureAppDatabase(
  su: SuperConnection,
  o: { database: string; user: string; password: string },
): Promise<void> {
  await withClient(
    { port: su.port, user: 'postgres', password: su.password, database: 'postgres' },
    async (c) => {
      const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [o.user]);
      const ident = c.escapeIdentifier(o.user);
      const password = c.escapeLiteral(o.password);
      if (role.rowCount === 0) await c.query(`CREATE ROLE ${ident} LOGIN PASSWORD ${password}`);
      else await c.query(`ALTER ROLE ${ident} PASSWORD ${password}`);
      const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [o.database]);
      if (db.rowCount === 0) {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(o.database)} OWNER ${ident}`);
      }
    },
  );
}

/** Creates the tables and indexes the seeded attachments (once: a re-run adds nothing). */
export async function ensureSchema(
  conn: pg.ClientConfig,
  attachments: Attachment[],
): Promise<void> {
  await withClient(conn, async (c) => {
    await c.query(SCHEMA);
    const count = await c.query<{ n: string }>('SELECT count(*) AS n FROM ir_attachment');
    if (Number(count.rows[0]?.n ?? 0) > 0) return;
    for (const a of attachments) {
      await c.query(
        'INSERT INTO ir_attachment (name, store_fname, checksum, file_size) VALUES ($1, $2, $3, $4)',
        [a.name, a.storeFname, a.checksum, a.fileSize],
      );
    }
  });
}
