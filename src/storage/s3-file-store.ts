// Content-addressed files in an S3-compatible bucket: <prefix>objects/ab/cd/<sha256>, the same
// layout as the local store, so a key is derived from the bytes alone and never from a name.
//
// A put streams the incoming bytes to a temporary file on local disk while hashing them: the key
// is the hash, so it is known only at the end, and a single PUT needs the length up front. A
// temporary file keeps memory flat whatever UPLOAD_MAX_MB is and however many uploads run at
// once (50 MB × every busy worker would not fit in RAM; the disk holds it). The object is then
// sent with one PUT (atomic: readers see the whole object or none), or, when the hash is already
// stored, refreshed with a server-side copy onto itself instead (no bytes sent; its
// LastModified then says "just stored", as a put's rename does in the local store).
//
// The temporary file then stays as a cache entry: the intake reads the file it just stored
// (localPath) without downloading it again. Cache entries are deleted after CACHE_TTL_MS unused.
//
// Every failure of the bucket (network, 5xx, access denied, no such bucket) becomes the same
// STORAGE_FAILED error as a full or read-only disk, so users get the same Vietnamese message.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { AppError } from '../core/app-error.js';
import {
  SHA256_PATTERN, storageFailed, type FileStore, type PutOptions, type ScannedEntry, type StoredFile, type StoredObject, type StoreInventory, type StrayFile,
} from './file-store.js';
import { OBJECTS_DIR, TMP_DIR } from './local-file-store.js';
import { listTempFiles } from './store-scan.js';

export const CACHE_DIR = 'cache';
/** A cached file unused this long is deleted (an intake reads its file within seconds of storing it). */
const CACHE_TTL_MS = 15 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export interface S3FileStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, e.g. `hscm/`; a missing trailing slash is added. */
  prefix?: string;
  /** Local directory for temporary files and the read cache (STORAGE_DIR). */
  scratchDir: string;
}

export class S3FileStore implements FileStore, StoreInventory {
  private readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly tmp: string;
  private readonly cache: string;
  private lastSweep = 0;

  constructor(options: S3FileStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = normalisePrefix(options.prefix);
    this.tmp = path.resolve(options.scratchDir, TMP_DIR);
    this.cache = path.resolve(options.scratchDir, CACHE_DIR);
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  /** The key of a hash: the local store's layout under the prefix. */
  keyOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw notFound(sha256);
    return `${this.prefix}${OBJECTS_DIR}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(source: Readable | Buffer, options: PutOptions = {}): Promise<StoredFile> {
    const tmpFile = path.join(this.tmp, `${randomUUID()}.part`);
    try {
      await fsp.mkdir(this.tmp, { recursive: true });
      const { sha256, md5, size } = await receive(source, tmpFile, options.maxBytes);
      const key = this.keyOf(sha256);
      if (!(await this.refresh(key, Buffer.from(md5, 'base64').toString('hex')))) {
        await this.client.send(new PutObjectCommand({
          Bucket: this.bucket, Key: key, Body: fs.createReadStream(tmpFile), ContentLength: size, ContentMD5: md5, ContentType: 'application/octet-stream',
        }));
      }
      await this.keepInCache(tmpFile, sha256);
      return { sha256, size };
    } catch (error) {
      await fsp.rm(tmpFile, { force: true }).catch(() => undefined);
      throw asStorageError(error);
    }
  }

  async open(sha256: string): Promise<Readable> {
    const key = this.keyOf(sha256);
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return got.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw notFound(sha256);
      throw asStorageError(error);
    }
  }

  async exists(sha256: string): Promise<boolean> {
    if (!SHA256_PATTERN.test(sha256)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw asStorageError(error);
    }
  }

  async verify(sha256: string): Promise<boolean> {
    const stream = await this.open(sha256).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    if (!stream) return false;
    const hash = createHash('sha256');
    await pipeline(stream, hash).catch((error: unknown) => {
      throw asStorageError(error);
    });
    return hash.digest('hex') === sha256;
  }

  /** A cached copy, else the object downloaded into the cache (checked against its hash). */
  async localPath(sha256: string): Promise<string> {
    const cached = this.cachePath(sha256);
    const now = new Date();
    if (await fsp.utimes(cached, now, now).then(() => true, () => false)) return cached;
    const tmpFile = path.join(this.tmp, `${randomUUID()}.part`);
    try {
      await fsp.mkdir(this.tmp, { recursive: true });
      const { sha256: actual } = await receive(await this.open(sha256), tmpFile);
      if (actual !== sha256) throw storageFailed({ s3: 'ObjectDamaged', sha256, found: actual });
      return await this.keepInCache(tmpFile, sha256);
    } catch (error) {
      await fsp.rm(tmpFile, { force: true }).catch(() => undefined);
      throw asStorageError(error);
    }
  }

  async *list(): AsyncIterable<string> {
    for await (const entry of this.scanObjects()) if (entry.kind === 'object') yield entry.sha256;
  }

  async ping(): Promise<boolean> {
    return this.client.send(new HeadBucketCommand({ Bucket: this.bucket })).then(() => true, () => false);
  }

  /** HeadBucket, with the reason when it fails (for the start-up log). */
  async reachable(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: describeS3Error(error) };
    }
  }

  /** Every key under <prefix>objects/, page by page (ListObjectsV2, 1000 keys a page). */
  async *scanObjects(): AsyncIterable<ScannedEntry> {
    const under = `${this.prefix}${OBJECTS_DIR}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: under, ContinuationToken: token })).catch((error: unknown) => {
        throw asStorageError(error);
      });
      for (const item of page.Contents ?? []) {
        const key = item.Key ?? '';
        const name = key.slice(key.lastIndexOf('/') + 1);
        const found = { path: key, size: item.Size ?? 0, mtimeMs: item.LastModified?.getTime() ?? 0 };
        const placed = SHA256_PATTERN.test(name) && this.keyOf(name) === key;
        yield placed ? { kind: 'object', sha256: name, ...found } : { kind: 'stray', ...found };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async readObject(object: StoredObject): Promise<Readable | null> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: object.path }));
      return got.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw asStorageError(error);
    }
  }

  /** This machine's unfinished writes (an object in the bucket is never half-written). */
  tempFiles(): Promise<StrayFile[]> {
    return listTempFiles(path.dirname(this.tmp));
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })).catch((error: unknown) => {
      throw asStorageError(error);
    });
    await fsp.rm(this.cachePath(sha256), { force: true });
  }

  private cachePath(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw notFound(sha256);
    return path.join(this.cache, sha256.slice(0, 2), sha256);
  }

  /**
   * When the object is stored already, a copy onto itself (new metadata) renews its
   * LastModified without sending the bytes; false when it is absent, or when its ETag (the MD5
   * of a single-PUT object) says other bytes sit under this hash: then it is uploaded again.
   */
  private async refresh(key: string, md5Hex: string): Promise<boolean> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const etag = (head.ETag ?? '').replaceAll('"', '');
      if (/^[0-9a-f]{32}$/.test(etag) && etag !== md5Hex) return false;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    try {
      await this.client.send(new CopyObjectCommand({
        Bucket: this.bucket, Key: key, CopySource: `${this.bucket}/${encodeURI(key)}`, MetadataDirective: 'REPLACE', ContentType: 'application/octet-stream',
      }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false; // deleted between the two calls: upload it
      throw error;
    }
  }

  private async keepInCache(tmpFile: string, sha256: string): Promise<string> {
    const target = this.cachePath(sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(tmpFile, target);
    this.sweepCache();
    return target;
  }

  /** Deletes cache entries unused for CACHE_TTL_MS, at most once a minute, in the background. */
  private sweepCache(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    void (async () => {
      for (const dir of await fsp.readdir(this.cache).catch(() => [] as string[])) {
        for (const name of await fsp.readdir(path.join(this.cache, dir)).catch(() => [] as string[])) {
          const file = path.join(this.cache, dir, name);
          const stat = await fsp.stat(file).catch(() => null);
          if (stat && now - stat.mtimeMs > CACHE_TTL_MS) await fsp.rm(file, { force: true }).catch(() => undefined);
        }
      }
    })();
  }
}

function normalisePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}

/** Streams to a new file while hashing; refuses (INVALID_INPUT) past maxBytes. */
async function receive(source: Readable | Buffer, file: string, maxBytes?: number): Promise<{ sha256: string; md5: string; size: number }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (maxBytes !== undefined && size > maxBytes) {
        done(new AppError('INVALID_INPUT', 'Tệp quá lớn.', { maxBytes }));
        return;
      }
      sha.update(chunk);
      md5.update(chunk);
      done(null, chunk);
    },
  });
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  await pipeline(input, meter, fs.createWriteStream(file, { flags: 'wx' }));
  return { sha256: sha.digest('hex'), md5: md5.digest('base64'), size };
}

function notFound(sha256: string): AppError {
  return new AppError('NOT_FOUND', 'Không tìm thấy tệp đã lưu.', { sha256 });
}

interface S3ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** 404 on an object: NoSuchKey (GET) or NotFound (HEAD, which has no body). Not a missing bucket. */
function isMissing(error: unknown): boolean {
  const e = error as S3ErrorShape;
  if (e?.name === 'NoSuchBucket' || e?.Code === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function describeS3Error(error: unknown): string {
  const e = error as S3ErrorShape;
  const status = e?.$metadata?.httpStatusCode;
  return [e?.Code ?? e?.name ?? e?.code ?? 'Error', status ? `HTTP ${status}` : '', e?.message ?? ''].filter(Boolean).join(': ');
}

/**
 * Anything but our own AppErrors (too large, not found) is the store failing: the bucket, the
 * network, or the local scratch disk. One code for all, with what S3 said in the details.
 */
function asStorageError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const e = error as S3ErrorShape & NodeJS.ErrnoException;
  const status = e?.$metadata?.httpStatusCode;
  // A HEAD answer has no body, so no error code: the SDK calls a 403 "Unknown".
  const name = e?.Code ?? (e?.name === 'Unknown' && status ? `HTTP ${status}` : e?.name) ?? 'Error';
  return storageFailed({ s3: name, status, errno: e?.code, reason: describeS3Error(error) });
}
