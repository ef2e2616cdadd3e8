// Where submitted files live. Files are addressed by their SHA-256: the same bytes are stored
// once, a stored file can be verified against its name, and no user-supplied name ever
// becomes a path.
import type { Readable } from 'node:stream';

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
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
