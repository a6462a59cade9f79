import { DrError, isRetryable } from '../contract/errors.js';

/** A thrown value as plain journal data: stable code, message, and whether a retry can help. */
export function errorData(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof DrError)
    return { code: error.code, message: error.message, retryable: isRetryable(error) };
  if (error instanceof Error) {
    const code = error.name === 'AbortError' || error.name === 'TimeoutError' ? 'aborted' : 'error';
    return { code, message: error.message, retryable: isRetryable(error) };
  }
  return { code: 'error', message: String(error), retryable: true };
}
