import { z } from 'zod';
import {
  defineStepType,
  durationMs,
  fatalError,
  retryableError,
} from '../../../src/contract/index.js';

const input = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  status: z.union([z.int(), z.array(z.int())]).default(200),
  /** A substring the body must contain (a substring, not a regex: runbooks do not run code). */
  bodyContains: z.string().optional(),
  timeout: durationMs.default(10_000),
});

/** Proves an HTTP endpoint answers as expected: status and, optionally, a body substring. */
export const httpCheck = defineStepType({
  type: 'http.check',
  summary: 'check that a URL answers with the expected status (and body)',
  input,
  outputs: { status: 'HTTP status received', elapsedMs: 'response time in milliseconds' },
  describe: (i) =>
    `${i.method} ${i.url} expecting ${String(i.status)}` +
    (i.bodyContains ? ` and a body containing "${i.bodyContains}"` : ''),
  async apply({ input: i, signal }) {
    const started = performance.now();
    const timeout = AbortSignal.timeout(i.timeout);
    let response: Response;
    try {
      response = await fetch(i.url, {
        method: i.method,
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw retryableError('http.unreachable', `${i.method} ${i.url}: ${(error as Error).message}`);
    }
    const body = await response.text();
    const expected = Array.isArray(i.status) ? i.status : [i.status];
    if (!expected.includes(response.status)) {
      throw retryableError(
        'http.unexpected-status',
        `${i.method} ${i.url} answered ${response.status}, expected ${expected.join(' or ')}`,
      );
    }
    if (i.bodyContains !== undefined && !body.includes(i.bodyContains)) {
      throw fatalError('http.body-mismatch', `${i.url}: body does not contain "${i.bodyContains}"`);
    }
    return { status: response.status, elapsedMs: Math.round(performance.now() - started) };
  },
});
