import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/app-error.js';
import { LocalFileStore } from '../../src/storage/local-file-store.js';

let root: string;
let store: LocalFileStore;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-store-'));
  store = new LocalFileStore(root);
});
afterEach(() => {
  fs.chmodSync(root, 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('LocalFileStore', () => {
  it('stores bytes under their SHA-256 and reads them back', async () => {
    const content = 'KẾ HOẠCH BÀI DẠY — Bài 5: Phân thức';
    const stored = await store.put(Buffer.from(content));
    expect(stored).toEqual({ sha256: sha(content), size: Buffer.byteLength(content) });
    expect(await text(await store.open(stored.sha256))).toBe(content);
    expect(await store.verify(stored.sha256)).toBe(true);
    const onDisk = path.join(root, 'objects', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256);
    expect(fs.existsSync(onDisk)).toBe(true);
  });

  it('streams large input and stores the same bytes once', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const source = () => Readable.from((function* () { for (let i = 0; i < 5; i++) yield chunk; })());
    const a = await store.put(source());
    const b = await store.put(source());
    expect(a).toEqual(b);
    expect(a.size).toBe(5 * 1024 * 1024);
    expect([...(await collect(store.list()))]).toEqual([a.sha256]);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses a file over the limit and keeps nothing of it', async () => {
    await expect(store.put(Buffer.alloc(2000), { maxBytes: 1000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(await collect(store.list())).toEqual([]);
  });

  it('detects a file changed on disk', async () => {
    const stored = await store.put(Buffer.from('nguyên bản'));
    const file = path.join(root, 'objects', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256);
    fs.writeFileSync(file, 'đã bị sửa');
    expect(await store.verify(stored.sha256)).toBe(false);
  });

  it('never turns a name into a path: anything but a hash is not found', async () => {
    for (const bad of ['../../etc/passwd', `${'a'.repeat(63)}/`, 'A'.repeat(64)]) {
      await expect(store.open(bad)).rejects.toBeInstanceOf(AppError);
    }
  });

  it.skipIf(process.getuid?.() === 0)('a read-only store gives a Vietnamese storage error', async () => {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
    fs.mkdirSync(path.join(root, 'objects'), { recursive: true });
    fs.chmodSync(path.join(root, 'tmp'), 0o555);
    await expect(store.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
  });
});

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) out.push(item);
  return out;
}
