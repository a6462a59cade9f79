import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The prefix under which the app keeps its content-addressed files. */
export const FILESTORE_PREFIX = 'filestore/';

/** One stored file, as the `ir_attachment` table references it. */
export interface Attachment {
  name: string;
  storeFname: string;
  checksum: string;
  fileSize: number;
}

/** Odoo's layout: `<sha1[:2]>/<sha1>` under the prefix. */
export function storeFname(checksum: string): string {
  return `${checksum.slice(0, 2)}/${checksum}`;
}

/** Writes one file to the filestore under its content address; returns its attachment row. */
export async function putAttachment(
  s3: S3Client,
  o: { bucket: string; name: string; body: Buffer },
): Promise<Attachment> {
  const checksum = createHash('sha1').update(o.body).digest('hex');
  const fname = storeFname(checksum);
  await s3.send(
    new PutObjectCommand({ Bucket: o.bucket, Key: `${FILESTORE_PREFIX}${fname}`, Body: o.body }),
  );
  return { name: o.name, storeFname: fname, checksum, fileSize: o.body.length };
}

/**
 * Seeds every bucket with the same `count` random files (as if region-b had been kept in sync
 * until now), and returns the attachment rows that the primary database will reference.
 */
export async function seedFilestore(
  s3: S3Client,
  o: { buckets: string[]; count: number },
): Promise<Attachment[]> {
  const rows: Attachment[] = [];
  for (let i = 0; i < o.count; i++) {
    const body = Buffer.concat([Buffer.from(`seed document ${i}\n`), randomBytes(256 + i * 64)]);
    for (const bucket of o.buckets) {
      const row = await putAttachment(s3, { bucket, name: `seed-${i}.bin`, body });
      if (bucket === o.buckets[0]) rows.push(row);
    }
  }
  return rows;
}
