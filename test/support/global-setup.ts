// Runs once before all tests: applies the real migrations (`prisma migrate deploy`) to a
// template SQLite file that each test copies, and starts a real redis-server (unless
// TEST_REDIS_URL names one) with the same launcher the product uses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRedis } from '../../src/infra/local-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-test-'));
  const templateDb = path.join(dir, 'template.db');
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
    stdio: 'pipe',
  });
  project.provide('templateDb', templateDb);
  const redis = process.env.TEST_REDIS_URL ? undefined : await startLocalRedis({ dataDir: path.join(dir, 'redis'), persistent: false });
  project.provide('redisUrl', process.env.TEST_REDIS_URL ?? redis!.url);
  return async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
