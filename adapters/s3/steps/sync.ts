import { z } from 'zod';
import { plannedStepType } from '../../../src/contract/index.js';

const s3Url = z.string().regex(/^s3:\/\/[a-z0-9.-]+\/.*$/, 'write it as s3://bucket/prefix/');

/** `s3.sync`: copy a content-addressed filestore between buckets, as of a point in time. */
export const sync = plannedStepType({
  type: 's3.sync',
  summary:
    'copy a filestore between buckets, object versions as of a time (declared; not implemented yet)',
  input: z.strictObject({
    from: s3Url,
    to: s3Url,
    asOf: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('copy the versions current at this time'),
    region: z.string().min(1),
    endpoint: z.string().optional(),
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    delete: z.boolean().default(false),
  }),
  outputs: {
    objectsCopied: 'objects copied',
    bytesCopied: 'bytes copied',
    objectsSkipped: 'objects already present with the same content',
  },
  describe: (i) => `copy ${i.from} to ${i.to}${i.asOf ? ` as of ${i.asOf}` : ''}`,
});
