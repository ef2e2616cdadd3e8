// The product as `npm start` runs it: defaults, its own Redis, a web server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/infra/logger.js';
import { PortUnavailableError, startProduct, type RunningProduct } from '../src/product.js';

import { createTestDatabase, type TestDatabase } from './support/test-db.js';

let dir: string;
let database: TestDatabase;
let product: RunningProduct;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-product-'));
  database = createTestDatabase({ in: dir });
  const config = loadConfig({ DATABASE_URL: database.url, STORAGE_DIR: `${dir}/files`, PORT: '0' });
  product = await startProduct(config, createLogger('silent'));
});
afterAll(async () => {
  await product?.stop();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('startProduct on embedded defaults', () => {
  it('reports a healthy database and its own Redis, with both chat channels off', async () => {
    const res = await fetch(`http://127.0.0.1:${product.port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: true, redis: true, storage: true, channels: { telegram: false, zalo: false } });
    expect(product.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(dir, 'redis', 'instance.json'))).toBe(true);
  });

  it('creates the Department, the Division and the current school year with a 15/9 deadline', async () => {
    expect(await product.db.orgUnit.findMany({ select: { kind: true }, orderBy: { id: 'asc' } })).toEqual([
      { kind: 'DEPARTMENT' },
      { kind: 'DIVISION' },
    ]);
    const year = await product.db.schoolYear.findFirstOrThrow();
    expect(year.annualDeadline.slice(4)).toBe('-09-15');
  });

  it('serves a Vietnamese home page', async () => {
    const html = await (await fetch(`http://127.0.0.1:${product.port}/`)).text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Số cán bộ, giáo viên');
    expect(html).toContain('href="/login"');
  });

  it('has a favicon, at /favicon.ico too', async () => {
    const res = await fetch(`http://127.0.0.1:${product.port}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toContain('<svg');
    expect(await (await fetch(`http://127.0.0.1:${product.port}/`)).text()).toContain('<link rel="icon" href="/assets/favicon.svg"');
  });

  it('tells a PORT already in use as such, naming the port and the variable', async () => {
    const config = loadConfig({ DATABASE_URL: database.url, STORAGE_DIR: `${dir}/files`, PORT: String(product.port), REDIS_URL: product.redisUrl });
    const second = startProduct(config, createLogger('silent'));
    await expect(second).rejects.toBeInstanceOf(PortUnavailableError);
    await expect(second).rejects.toThrow(`port ${product.port} is already in use (PORT=${product.port})`);
  });
});
