import { z } from 'zod';
import { isDuration } from '../contract/duration.js';

/** Names of tiers, steps and params: they become state names, so no dots or spaces. */
export const nameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and "-", starting with a letter');

/** Param names appear only inside references, so camelCase is allowed. */
export const paramNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter');

export const durationSchema = z
  .string()
  .refine(isDuration, { message: 'not a duration: write it like 90s, 30m, 1h30m or 250ms' });

export const paramTypes = ['environment', 'time', 'duration', 'string', 'int', 'bool'] as const;

export const paramSchema = z.strictObject({
  type: z.enum(paramTypes),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});

/** A check used by a tier's `verify` and a step's `require`: a step type run for its proof. */
export const checkSchema = z.strictObject({
  name: z.string().optional(),
  uses: z.string(),
  with: z.record(z.string(), z.unknown()).default({}),
});

export const retrySchema = z.strictObject({
  attempts: z.int().min(1).max(100),
  backoff: durationSchema.default('1s'),
  max: durationSchema.optional(),
});

export const stepSchema = z.strictObject({
  id: nameSchema,
  name: z.string().optional(),
  uses: z.string(),
  with: z.record(z.string(), z.unknown()).default({}),
  needs: z.array(nameSchema).default([]),
  timeout: durationSchema.optional(),
  retry: retrySchema.optional(),
  onError: z.enum(['fail', 'continue']).default('fail'),
  require: z.array(checkSchema).default([]),
  drill: z
    .strictObject({
      skip: z.boolean().default(false),
      with: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export const tierSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  objectives: z
    .strictObject({ rto: durationSchema.optional(), rpo: durationSchema.optional() })
    .default({}),
  steps: z.array(stepSchema).min(1),
  verify: z.array(checkSchema).default([]),
  verifyTimeout: durationSchema.optional(),
});

export const runbookSchema = z.strictObject({
  apiVersion: z.literal('dr/v1'),
  kind: z.literal('Runbook'),
  metadata: z.strictObject({ name: nameSchema, description: z.string().optional() }),
  params: z.record(paramNameSchema, paramSchema).default({}),
  tiers: z.array(tierSchema).min(1),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Check = z.infer<typeof checkSchema>;
export type Param = z.infer<typeof paramSchema>;
export type ParamType = (typeof paramTypes)[number];
