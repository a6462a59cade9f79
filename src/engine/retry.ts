/** Retry policy of a step: exponential backoff from `baseMs`, capped at `maxMs`, with jitter. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): base·2^(attempt-1), capped, then
 * "equal jitter" (half fixed, half random) so that retries of many runs do not synchronise.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
