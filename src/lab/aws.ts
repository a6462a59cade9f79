import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import type { LabSecrets } from './secrets.js';
import type { LabState } from './state.js';

/** Where the lab's moto answers and with which (dummy) credentials. */
export interface LabAws {
  endpoint: string;
  region: string;
  secrets: Pick<LabSecrets, 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY'>;
}

function credentials(aws: LabAws) {
  return {
    accessKeyId: aws.secrets.AWS_ACCESS_KEY_ID,
    secretAccessKey: aws.secrets.AWS_SECRET_ACCESS_KEY,
  };
}

/** An S3 client on the lab's moto (path-style: moto serves every bucket on one host). */
export function labS3(aws: LabAws): S3Client {
  return new S3Client({
    endpoint: aws.endpoint,
    region: aws.region,
    forcePathStyle: true,
    credentials: credentials(aws),
  });
}

/** A Route 53 client on the lab's moto. */
export function labRoute53(aws: LabAws): Route53Client {
  return new Route53Client({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    credentials: credentials(aws),
  });
}

/** The lab's AWS endpoint and credentials. */
export function labAws(state: LabState, secrets: LabSecrets): LabAws {
  return { endpoint: `http://127.0.0.1:${state.motoPort}`, region: state.awsRegion, secrets };
}
