import { z } from 'zod';
import { nameSchema } from './schema.js';

const text = z.string();
const port = z.int().min(1).max(65_535);

export const environmentSchema = z.strictObject({
  description: z.string().optional(),
  peer: nameSchema.optional(),
  aws: z
    .strictObject({
      region: text,
      endpoint: text.optional(),
      accessKeyId: text.optional(),
      secretAccessKey: text.optional(),
    })
    .optional(),
  kubernetes: z
    .strictObject({
      kubeconfig: text.optional(),
      context: text,
      namespace: text.optional(),
      deployment: text.optional(),
      ingress: text.optional(),
    })
    .optional(),
  postgres: z
    .strictObject({
      host: text,
      port,
      database: text,
      user: text,
      password: text.optional(),
      dataDirectory: text.optional(),
      socketDirectory: text.optional(),
      binDirectory: text.optional(),
      osUser: text.optional(),
    })
    .optional(),
  pgbackrest: z.strictObject({ stanza: text, config: text.optional() }).optional(),
  filestore: z.strictObject({ bucket: text, prefix: text.default('') }).optional(),
  app: z.strictObject({ url: text }).optional(),
  dns: z.strictObject({ zone: text, record: text, target: text }).optional(),
});

export const inventorySchema = z.strictObject({
  apiVersion: z.literal('dr/v1'),
  kind: z.literal('Inventory'),
  metadata: z.strictObject({ name: nameSchema, description: z.string().optional() }),
  settings: z
    .strictObject({ allowExec: z.boolean().default(false), secretsFile: text.optional() })
    .default({ allowExec: false }),
  runbooks: z.strictObject({ failover: text.optional(), failback: text.optional() }).default({}),
  environments: z.record(nameSchema, environmentSchema),
});

export type Inventory = z.infer<typeof inventorySchema>;
export type Environment = z.infer<typeof environmentSchema>;

/** Keys of an environment whose values are paths, resolved against the inventory's folder. */
export const pathKeys = new Set([
  'kubeconfig',
  'dataDirectory',
  'socketDirectory',
  'config',
  'secretsFile',
]);
