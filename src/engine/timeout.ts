import { retryableError } from '../contract/errors.js';

/**
 * Runs `work` with a deadline: past `timeoutMs` the work's signal is aborted (so it stops what
 * it does) and the call fails with a retryable `step.timeout`, whether or not the work obeys.
 */
export async function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  options: {
    signal: AbortSignal;
    timeoutMs: number | undefined;
    label: string;
    onTimeout: () => void;
  },
): Promise<T> {
  const { signal, timeoutMs } = options;
  if (timeoutMs === undefined) return work(signal);
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      options.onTimeout();
      const error = retryableError(
        'step.timeout',
        `${options.label} timed out after ${timeoutMs} ms`,
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}
