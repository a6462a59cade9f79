import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Whether `text` is a duration such as `90s`, `30m`, `1h30m` or `250ms`. */
export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Milliseconds in a duration such as `1h30m`; `undefined` when it does not parse. */
export function parseDuration(text: string): number | undefined {
  if (!isDuration(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Math.round(total);
}

/** A duration for people: `950ms`, `42s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `text` is an ISO 8601 timestamp with an explicit offset (a recovery target must be). */
export function isIsoTimeWithOffset(text: string): boolean {
  return ISO_WITH_OFFSET.test(text) && !Number.isNaN(Date.parse(text));
}

/** A zod schema for a duration string, transformed to milliseconds. */
export const durationMs = z
  .string()
  .refine(isDuration, { message: 'not a duration: write it like 90s, 30m, 1h30m or 250ms' })
  .transform((text) => parseDuration(text) ?? 0);
