// Where submitted files live. Files are addressed by their SHA-256: the same bytes are stored
// once, a stored file can be verified against its name, and no user-supplied name ever
// becomes a path.
import type { Readable } from 'node:stream';
import { AppError } from '../core/app-error.js';

export interface StoredFile {
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** Refuse (and keep nothing of) a file larger than this many bytes. */
  maxBytes?: number;
}

export interface FileStore {
  put(source: Readable | Buffer, options?: PutOptions): Promise<StoredFile>;
  /** A stream of the stored bytes; throws AppError NOT_FOUND if absent. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Whether the stored bytes still hash to their name. */
  verify(sha256: string): Promise<boolean>;
  /** A local path to read the file from (a store elsewhere would copy it to a temporary file). */
  localPath(sha256: string): Promise<string>;
  /** Every stored hash, for integrity checks. */
  list(): AsyncIterable<string>;
  /** Whether the store can be reached now (for /health); never throws. */
  ping(): Promise<boolean>;
}

/** What `cli check` and `cli backup` need from a store: its objects as they are, and their bytes. */
export interface StoreInventory {
  /** Where the files are, for reports: a directory, or s3://bucket/prefix. */
  readonly location: string;
  /** Every object (with size and age) and every stray (a file not where its name says). */
  scanObjects(): AsyncIterable<ScannedEntry>;
  /** The bytes of a scanned object; null when it no longer exists. */
  readObject(object: StoredObject): Promise<Readable | null>;
  /** Writes that never finished (local temporary files). */
  tempFiles(): Promise<StrayFile[]>;
}

export interface StoredObject {
  sha256: string;
  /** A file path (local store) or an object key (S3). */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface StrayFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export type ScannedEntry = ({ kind: 'object' } & StoredObject) | ({ kind: 'stray' } & StrayFile);

const STORAGE_FAILED_MESSAGE =
  'Hệ thống chưa lưu được tệp của thầy/cô do sự cố lưu trữ. Tệp chưa được ghi nhận; vui lòng gửi lại sau ít phút.';

/** The one error every store raises when it cannot store or read: the chat and upload page say it in Vietnamese. */
export function storageFailed(details: Record<string, unknown>): AppError {
  return new AppError('STORAGE_FAILED', STORAGE_FAILED_MESSAGE, details);
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
