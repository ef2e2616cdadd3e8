// Content-addressed files in a local directory: objects/ab/cd/<sha256>. Writes go to tmp/
// first and are renamed into place after fsync, so a crash leaves either the whole file or
// nothing under objects/. Every put renames a freshly written file into place, even when the
// hash is already stored: the object's mtime then says "just stored", which `cli check
// --delete-orphans` relies on never to delete a file an intake is about to reference (and a
// damaged copy is replaced by good bytes).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../core/app-error.js';
import {
  SHA256_PATTERN, storageFailed, type FileStore, type PutOptions, type ScannedEntry, type StoredFile, type StoredObject, type StoreInventory, type StrayFile,
} from './file-store.js';
import { listTempFiles, scanObjects } from './store-scan.js';

export const OBJECTS_DIR = 'objects';
export const TMP_DIR = 'tmp';

/** Where a hash lives under a store's root. */
export function objectPath(root: string, sha256: string): string {
  return path.resolve(root, OBJECTS_DIR, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export class LocalFileStore implements FileStore, StoreInventory {
  readonly root: string;
  private readonly objects: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.objects = path.resolve(root, OBJECTS_DIR);
    this.tmp = path.resolve(root, TMP_DIR);
  }

  get location(): string {
    return this.root;
  }

  async ping(): Promise<boolean> {
    await fsp.mkdir(this.root, { recursive: true }).catch(() => undefined);
    return fsp.access(this.root, fs.constants.W_OK).then(() => true, () => false);
  }

  scanObjects(): AsyncIterable<ScannedEntry> {
    return scanObjects(this.root);
  }

  async readObject(object: StoredObject): Promise<Readable | null> {
    const handle = await fsp.open(object.path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return handle ? handle.createReadStream() : null;
  }

  tempFiles(): Promise<StrayFile[]> {
    return listTempFiles(this.root);
  }

  async put(source: Readable | Buffer, options: PutOptions = {}): Promise<StoredFile> {
    await this.ensureDirs();
    const tmpFile = path.join(this.tmp, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          done(new AppError('INVALID_INPUT', 'Tệp quá lớn.', { maxBytes: options.maxBytes }));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
      await pipeline(input, meter, fs.createWriteStream(tmpFile, { flags: 'wx' }));
      await syncPath(tmpFile);
      const sha256 = hash.digest('hex');
      await this.moveIntoPlace(tmpFile, sha256);
      return { sha256, size };
    } catch (error) {
      await fsp.rm(tmpFile, { force: true }).catch(() => undefined);
      throw asStorageError(error);
    }
  }

  async open(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    try {
      await fsp.access(file, fs.constants.R_OK);
    } catch {
      throw new AppError('NOT_FOUND', 'Không tìm thấy tệp đã lưu.', { sha256 });
    }
    return fs.createReadStream(file);
  }

  async localPath(sha256: string): Promise<string> {
    if (!(await this.exists(sha256))) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp đã lưu.', { sha256 });
    return this.pathOf(sha256);
  }

  async exists(sha256: string): Promise<boolean> {
    if (!SHA256_PATTERN.test(sha256)) return false;
    return fsp.access(this.pathOf(sha256)).then(() => true, () => false);
  }

  async verify(sha256: string): Promise<boolean> {
    if (!(await this.exists(sha256))) return false;
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(this.pathOf(sha256)), hash);
    return hash.digest('hex') === sha256;
  }

  async *list(): AsyncIterable<string> {
    const walk = async function* (dir: string): AsyncIterable<string> {
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) yield* walk(full);
        else if (SHA256_PATTERN.test(entry.name)) yield entry.name;
      }
    };
    yield* walk(this.objects);
  }

  private pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp đã lưu.');
    return objectPath(path.dirname(this.objects), sha256);
  }

  private async moveIntoPlace(tmpFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(tmpFile, target);
    await syncPath(path.dirname(target));
  }

  private async ensureDirs(): Promise<void> {
    await fsp.mkdir(this.objects, { recursive: true });
    await fsp.mkdir(this.tmp, { recursive: true });
  }
}

/** fsync a file or directory, so a rename is durable across a power cut. */
async function syncPath(target: string): Promise<void> {
  const handle = await fsp.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function asStorageError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && ['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT', 'EIO'].includes(code)) {
    return storageFailed({ errno: code });
  }
  return error;
}
