// A real S3-compatible server for tests: s3rver (npm) in its own process, on a free port, with
// its data in a temporary directory, and a bucket created. It can be stopped and started again
// on the same port and data, for outage tests.
//
// s3rver quirk: its ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 (Node
// 17+) only offers in its legacy provider; without it, any listing longer than one page answers
// 500. The process runs with --openssl-legacy-provider so the product's paging is tested.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../src/infra/local-redis.js';
import { createS3Client } from '../../src/storage/create-file-store.js';

const LAUNCH = `
const S3rver = require('s3rver');
const [port, directory] = process.argv.slice(-2);
new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true }).run()
  .then(() => console.log('ready'), (error) => { console.error(error); process.exit(1); });
`;

export class S3TestServer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-s3rver-'));
  readonly accessKeyId = 'S3RVER';
  readonly secretAccessKey = 'S3RVER';
  port = 0;
  private proc?: ChildProcess;

  constructor(readonly bucket = 'hscm-test') {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The product's configuration for this server (merge into loadConfig's input). */
  env(prefix = ''): Record<string, string> {
    return {
      S3_BUCKET: this.bucket, S3_ENDPOINT: this.endpoint, S3_ACCESS_KEY_ID: this.accessKeyId, S3_SECRET_ACCESS_KEY: this.secretAccessKey,
      ...(prefix ? { S3_PREFIX: prefix } : {}),
    };
  }

  client(): Promise<S3Client> {
    return createS3Client({
      STORAGE_DIR: this.dir, S3_BUCKET: this.bucket, S3_ENDPOINT: this.endpoint, S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: this.accessKeyId, S3_SECRET_ACCESS_KEY: this.secretAccessKey, S3_FORCE_PATH_STYLE: true, S3_PREFIX: undefined,
    });
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const proc = spawn(process.execPath, ['--openssl-legacy-provider', '-e', LAUNCH, String(this.port), this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    let errors = '';
    proc.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      proc.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${errors}`)));
    });
    const client = await this.client();
    await client.send(new CreateBucketCommand({ Bucket: this.bucket })).catch((error: { name?: string }) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
    client.destroy();
    return this;
  }

  /** Stops the server (connections are refused until start() again); the data stays. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    this.proc = undefined;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  /** Where s3rver keeps an object's bytes on disk (to damage or age one as a fault would). */
  objectFile(key: string): string {
    const parts = key.split('/');
    const name = parts.pop()!;
    return path.join(this.dir, this.bucket, ...parts, `${name}._S3rver_object`);
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
