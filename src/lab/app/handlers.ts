import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { putAttachment, type Attachment } from '../filestore.js';
import type { AppConfig } from './config.js';

/** What every handler reaches: the pool, the S3 client, the config. */
export interface AppDeps {
  config: AppConfig;
  pool: pg.Pool;
  s3: S3Client;
}

function send(res: ServerResponse, o: { status: number; body: unknown; region: string }): void {
  const text = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  res.writeHead(o.status, {
    'content-type': typeof o.body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
    'x-dr-region': o.region,
  });
  res.end(text);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `/web/health`: 200 when the database (with its tables) and the filestore answer, else 503. */
export async function health(deps: AppDeps, res: ServerResponse): Promise<void> {
  const region = deps.config.region;
  try {
    await deps.pool.query('SELECT 1 FROM sale_order LIMIT 1');
  } catch (error) {
    return send(res, {
      status: 503,
      region,
      body: { status: 'unhealthy', region, reason: `database: ${reason(error)}` },
    });
  }
  try {
    await deps.s3.send(new HeadBucketCommand({ Bucket: deps.config.s3.bucket }));
  } catch (error) {
    return send(res, {
      status: 503,
      region,
      body: { status: 'unhealthy', region, reason: `filestore: ${reason(error)}` },
    });
  }
  send(res, {
    status: 200,
    region,
    body: { status: 'ok', region, database: 'ok', filestore: 'ok' },
  });
}

/** `/web/login`: the login page (200) that a verify step checks. */
export function login(deps: AppDeps, res: ServerResponse): void {
  const region = deps.config.region;
  const page = `<!doctype html><title>Lab ERP — ${region}</title><form method="post"><input name="login"><input name="password" type="password"><button>Log in</button></form>`;
  send(res, { status: 200, region, body: page });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Inserts the attachment row and the order row in one transaction; returns the order id. */
async function insertOrder(
  deps: AppDeps,
  o: { file: Attachment; customer: string; amount: number },
): Promise<number | undefined> {
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    const att = await client.query<{ id: number }>(
      'INSERT INTO ir_attachment (name, store_fname, checksum, file_size) VALUES ($1, $2, $3, $4) RETURNING id',
      [o.file.name, o.file.storeFname, o.file.checksum, o.file.fileSize],
    );
    const order = await client.query<{ id: number }>(
      'INSERT INTO sale_order (customer, amount, region, attachment_id) VALUES ($1, $2, $3, $4) RETURNING id',
      [o.customer, o.amount, deps.config.region, att.rows[0]?.id],
    );
    await client.query('COMMIT');
    return order.rows[0]?.id;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** `POST /api/orders`: stores a receipt in the filestore, then the order row; answers `{ id, region }`. */
export async function createOrder(deps: AppDeps, req: IncomingMessage, res: ServerResponse) {
  const region = deps.config.region;
  let body: Record<string, unknown>;
  try {
    body = await readJson(req);
  } catch (error) {
    return send(res, { status: 400, region, body: { error: reason(error), region } });
  }
  const customer = typeof body.customer === 'string' ? body.customer : 'anonymous';
  const amount = typeof body.amount === 'number' ? body.amount : 1;
  try {
    const receipt = Buffer.from(
      `order for ${customer}: ${amount}\n${randomBytes(16).toString('hex')}\n`,
    );
    const bucket = deps.config.s3.bucket;
    const file = await putAttachment(deps.s3, { bucket, name: 'receipt.txt', body: receipt });
    const id = await insertOrder(deps, { file, customer, amount });
    send(res, { status: 201, region, body: { id, region } });
  } catch (error) {
    send(res, { status: 503, region, body: { error: reason(error), region } });
  }
}

/** Routes a request; anything unknown is a 404 that still says which region answered. */
export async function route(deps: AppDeps, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/web/health') return health(deps, res);
  if (path === '/web/login') return login(deps, res);
  if (path === '/api/orders' && req.method === 'POST') return createOrder(deps, req, res);
  send(res, {
    status: 404,
    region: deps.config.region,
    body: { error: 'not found', region: deps.config.region },
  });
}
