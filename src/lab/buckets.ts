import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Creates a bucket unless it exists; turns versioning on when asked. Safe to re-run. */
export async function ensureBucket(
  s3: S3Client,
  o: { bucket: string; region: string; versioning?: boolean },
): Promise<void> {
  let exists = true;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: o.bucket }));
  } catch {
    exists = false;
  }
  if (!exists) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: o.bucket,
        CreateBucketConfiguration: { LocationConstraint: o.region as 'eu-west-1' },
      }),
    );
  }
  if (o.versioning) {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: o.bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  }
}
