import pg from 'pg';
import {
  DrError,
  fatalError,
  registerSecret,
  retryableError,
  type StepError,
} from '../../src/contract/index.js';
import type { ConnectionInput } from './inputs.js';

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Whether a connection error means the server cannot be reached at all. */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code !== undefined && networkCodes.has(e.code)) return true;
  return /timeout expired|Connection terminated|connect ETIMEDOUT/i.test(e.message ?? '');
}

/** Maps a pg error to the step error family (no password: pg never prints it). */
export function pgStepError(error: unknown, where: string): StepError {
  const e = error as { code?: string; message?: string };
  const message = `${where}: ${e.message ?? String(error)}`;
  if (isUnreachable(error))
    return fatalError('postgres.unreachable', message, {
      hint: 'the server did not answer within the connect timeout; is it down, or the port wrong?',
    });
  if (e.code === '28P01' || e.code === '28000')
    return fatalError('postgres.auth-failed', message, {
      hint: 'check user, password and pg_hba.conf',
    });
  if (e.code === '3D000') return fatalError('postgres.no-database', message);
  if (e.code === '42501')
    return fatalError('postgres.permission-denied', message, {
      hint: 'the role lacks a privilege',
    });
  if (e.code === '57P03') return retryableError('postgres.not-ready', message);
  return retryableError('postgres.query-failed', message);
}

/** Connection settings of an input, on another port when given (a drill restore's port). */
export function clientConfig(c: ConnectionInput, port = c.port): pg.ClientConfig {
  if (c.password !== undefined) registerSecret(c.password);
  return {
    host: c.host,
    port,
    database: c.database,
    user: c.user,
    password: c.password,
    connectionTimeoutMillis: c.connectTimeoutMs,
    application_name: 'dr',
  };
}

/**
 * Connects, runs `fn`, and always disconnects. An abort of `signal` ends the connection, so a
 * hung query cannot outlive the step. Errors are returned as step errors.
 */
export async function withClient<T>(
  config: pg.ClientConfig,
  signal: AbortSignal,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(config);
  // An error after connect (server shutdown) must not crash the process as an unhandled event.
  client.on('error', () => undefined);
  const onAbort = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const where = `${config.host}:${config.port}`;
  try {
    if (signal.aborted) throw retryableError('postgres.aborted', 'aborted');
    await client.connect().catch((error: unknown) => {
      throw pgStepError(error, where);
    });
    return await fn(client);
  } catch (error) {
    if (error instanceof DrError) throw error;
    throw pgStepError(error, where);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
