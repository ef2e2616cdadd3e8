// One contract, two stores: the local directory and an S3 bucket (s3rver in its own process).
// Whatever the product does with a store must behave the same on both.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config/config.js';
import { createFileStore } from '../../src/storage/create-file-store.js';
import { LocalFileStore } from '../../src/storage/local-file-store.js';
import { S3FileStore } from '../../src/storage/s3-file-store.js';
import type { FileStore, StoreInventory } from '../../src/storage/file-store.js';
import { S3TestServer } from '../support/s3-server.js';

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-contract-'));
const s3 = new S3TestServer('hscm-contract');

beforeAll(async () => {
  await s3.start();
});
afterAll(async () => {
  await s3.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

type Store = FileStore & StoreInventory;
let n = 0;
const stores: Array<[string, () => Promise<Store>]> = [
  ['LocalFileStore', async () => new LocalFileStore(path.join(scratch, `local-${++n}`))],
  // A fresh prefix per test: one bucket, tests that do not see each other's objects.
  ['S3FileStore', async () => await createFileStore(loadConfig({ STORAGE_DIR: path.join(scratch, `s3-${++n}`), ...s3.env(`run/${n}`) })) as S3FileStore],
];

describe.each(stores)('%s', (_name, make) => {
  it('stores bytes under their SHA-256, reads them back, and knows they are there', async () => {
    const store = await make();
    const content = 'KẾ HOẠCH BÀI DẠY — Bài 5: Phân thức';
    const stored = await store.put(Buffer.from(content));
    expect(stored).toEqual({ sha256: sha(content), size: Buffer.byteLength(content) });
    expect(await text(await store.open(stored.sha256))).toBe(content);
    expect(await store.exists(stored.sha256)).toBe(true);
    expect(await store.verify(stored.sha256)).toBe(true);
    expect(fs.readFileSync(await store.localPath(stored.sha256), 'utf8')).toBe(content);
    expect(await store.ping()).toBe(true);
  });

  it('streams a file of several MB in and out with the right hash, and stores the same bytes once', async () => {
    const store = await make();
    const chunk = (i: number) => Buffer.alloc(1024 * 1024, i);
    const source = () => Readable.from((function* () { for (let i = 0; i < 6; i++) yield chunk(i); })());
    const expected = sha(Buffer.concat([0, 1, 2, 3, 4, 5].map(chunk)));
    const a = await store.put(source());
    const b = await store.put(source());
    expect(a).toEqual({ sha256: expected, size: 6 * 1024 * 1024 });
    expect(b).toEqual(a);
    const hash = createHash('sha256');
    await pipeline(await store.open(a.sha256), hash);
    expect(hash.digest('hex')).toBe(expected);
    expect(await collect(store.list())).toEqual([a.sha256]);
    const scanned = await collect(store.scanObjects());
    expect(scanned).toEqual([expect.objectContaining({ kind: 'object', sha256: expected, size: 6 * 1024 * 1024 })]);
    expect(await store.tempFiles()).toEqual([]);
  });

  it('refuses a file over the limit and keeps nothing of it', async () => {
    const store = await make();
    await expect(store.put(Buffer.alloc(2000), { maxBytes: 1000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await collect(store.list())).toEqual([]);
    expect(await store.tempFiles()).toEqual([]);
  });

  it('a missing object: NOT_FOUND to open or to read locally, false to exists and verify', async () => {
    const store = await make();
    const absent = sha('never stored');
    await expect(store.open(absent)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.localPath(absent)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.exists(absent)).toBe(false);
    expect(await store.verify(absent)).toBe(false);
  });

  it('never turns a name into a path or a key: anything but a hash is not found', async () => {
    const store = await make();
    for (const bad of ['../../etc/passwd', `${'a'.repeat(63)}/`, 'A'.repeat(64), `${'a'.repeat(64)}/../x`]) {
      await expect(store.open(bad)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.exists(bad)).toBe(false);
    }
  });

  it('lists every object it stored', async () => {
    const store = await make();
    const shas = [];
    for (let i = 0; i < 25; i++) shas.push((await store.put(Buffer.from(`tệp số ${i}`))).sha256);
    expect((await collect(store.list())).sort()).toEqual(shas.sort());
  });
});

describe('S3FileStore specifics', () => {
  const s3Store = async (prefix: string) => (await createFileStore(loadConfig({ STORAGE_DIR: path.join(scratch, prefix), ...s3.env(prefix) }))) as S3FileStore;

  it('keys are <prefix>/objects/ab/cd/<sha256>; the listing pages through ListObjectsV2 (s3rver pages of 1000)', async () => {
    const store = await s3Store('layout');
    const stored = await store.put(Buffer.from('bố cục khoá'));
    const client = await s3.client();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'layout/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([`layout/objects/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`]);
    // 1,001 keys: the second page needs a continuation token.
    const many = await s3Store('paging');
    for (let batch = 0; batch < 1001; batch += 50) {
      await Promise.all(Array.from({ length: Math.min(50, 1001 - batch) }, (_, i) => {
        const content = Buffer.from(`trang ${batch + i}`);
        return client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: many.keyOf(sha(content)), Body: content }));
      }));
    }
    expect((await collect(many.list())).length).toBe(1001);
    client.destroy();
  }, 60_000);

  it('an object whose bytes changed in the bucket fails verify; a key not in the layout is a stray', async () => {
    const store = await s3Store('damage');
    const stored = await store.put(Buffer.from('nguyên bản'));
    fs.writeFileSync(s3.objectFile(store.keyOf(stored.sha256)), 'đã bị sửa');
    expect(await store.verify(stored.sha256)).toBe(false);
    const client = await s3.client();
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'damage/objects/zz/notes.txt', Body: 'lạc chỗ' }));
    client.destroy();
    const scanned = await collect(store.scanObjects());
    expect(scanned.filter((e) => e.kind === 'stray').map((e) => e.path)).toEqual(['damage/objects/zz/notes.txt']);
  });

  it('bytes other than the hash says under its key (overwritten by hand) are replaced by the next put of the right bytes', async () => {
    const store = await s3Store('overwrite');
    const good = Buffer.from('bản đúng');
    const stored = await store.put(good);
    const client = await s3.client();
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.keyOf(stored.sha256), Body: 'bản sai' }));
    client.destroy();
    expect(await store.verify(stored.sha256)).toBe(false);
    await store.put(good);
    expect(await store.verify(stored.sha256)).toBe(true);
  });

  it('the cache serves localPath without the bucket; a fresh process downloads and checks the bytes', async () => {
    const store = await s3Store('cache');
    const stored = await store.put(Buffer.from('đọc lại từ bộ nhớ đệm'));
    expect(await store.localPath(stored.sha256)).toBe(path.join(scratch, 'cache', 'cache', stored.sha256.slice(0, 2), stored.sha256));
    // Another process (its own scratch directory, nothing cached) downloads it.
    const other = await createFileStore(loadConfig({ STORAGE_DIR: path.join(scratch, 'cache-other'), ...s3.env('cache') })) as S3FileStore;
    const file = await other.localPath(stored.sha256);
    expect(file.startsWith(path.join(scratch, 'cache-other'))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('đọc lại từ bộ nhớ đệm');
  });

  it('the bucket unreachable: STORAGE_FAILED (the Vietnamese storage message) for put, open and exists; ping is false; back again, it works', async () => {
    const store = await s3Store('outage');
    const kept = await store.put(Buffer.from('trước sự cố'));
    await s3.stop();
    try {
      const failure = { code: 'STORAGE_FAILED', userMessage: expect.stringContaining('do sự cố lưu trữ') };
      await expect(store.put(Buffer.from('trong sự cố'))).rejects.toMatchObject(failure);
      await expect(store.open(kept.sha256)).rejects.toMatchObject(failure);
      await expect(store.exists(kept.sha256)).rejects.toMatchObject(failure);
      expect(await store.ping()).toBe(false);
      expect(await store.tempFiles()).toEqual([]);
    } finally {
      await s3.start();
    }
    expect(await store.put(Buffer.from('trong sự cố'))).toMatchObject({ size: Buffer.byteLength('trong sự cố') });
    expect(await store.ping()).toBe(true);
  }, 60_000);

  it('a bucket that does not exist, or wrong credentials: STORAGE_FAILED naming what S3 said', async () => {
    const noBucket = await createFileStore(loadConfig({ STORAGE_DIR: path.join(scratch, 'nob'), ...s3.env(), S3_BUCKET: 'no-such-bucket' })) as S3FileStore;
    await expect(noBucket.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_FAILED', details: { s3: 'NoSuchBucket' } });
    expect(await noBucket.reachable()).toMatchObject({ ok: false });
    // s3rver knows one key pair; another key id is refused as AWS would (it does not check secrets).
    const badKey = await createFileStore(loadConfig({ STORAGE_DIR: path.join(scratch, 'badkey'), ...s3.env(), S3_ACCESS_KEY_ID: 'SOMEONE-ELSE' })) as S3FileStore;
    await expect(badKey.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_FAILED', details: { status: 403 } });
    expect(await badKey.ping()).toBe(false);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
