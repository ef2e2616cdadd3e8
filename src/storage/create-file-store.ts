// The file store the configuration asks for: the local directory STORAGE_DIR, or an S3 bucket
// (S3_BUCKET set) with STORAGE_DIR as local scratch space. The AWS SDK is loaded only for a
// bucket: a local set-up (and every CLI run on one) does not pay for importing it.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config/config.js';
import { LocalFileStore } from './local-file-store.js';
import type { S3FileStore } from './s3-file-store.js';

type StoreConfig = Pick<Config, 'STORAGE_DIR' | 'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE' | 'S3_PREFIX'>;

export async function createFileStore(config: StoreConfig): Promise<LocalFileStore | S3FileStore> {
  if (!config.S3_BUCKET) return new LocalFileStore(config.STORAGE_DIR);
  const [{ S3FileStore }, client] = await Promise.all([import('./s3-file-store.js'), createS3Client(config)]);
  return new S3FileStore({ client, bucket: config.S3_BUCKET, prefix: config.S3_PREFIX, scratchDir: config.STORAGE_DIR });
}

/** The S3 client for the configuration; exported for tests and tools that need the same one. */
export async function createS3Client(config: StoreConfig): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? Boolean(config.S3_ENDPOINT),
    credentials: config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! } : undefined,
    // Checksums only where an API requires them. Since SDK 3.729 a streamed PUT is otherwise sent
    // with aws-chunked encoding and a trailing CRC32, which S3-compatible stores that predate it
    // (s3rver; older MinIO and Ceph) store as part of the object: the bytes would no longer
    // match their hash. Our own end-to-end checks are Content-MD5 on upload and the SHA-256 key.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A stopped store answers at once (connection refused); a hung one must not hold an upload forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    maxAttempts: 3,
  });
}
