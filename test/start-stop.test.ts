// `npm start` as a process manager or a terminal runs it: SIGTERM to the npm process stops
// node, which stops its own Redis after the workers have closed, and everything exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../src/infra/local-redis.js';
import { createTestDatabase } from './support/test-db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-npm-start-'));
const database = createTestDatabase({ in: dir });
afterAll(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('stops node and its own Redis when npm gets SIGTERM, with no error while stopping', async () => {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.url, STORAGE_DIR: path.join(dir, 'files'), PORT: String(port), LOG_LEVEL: 'info' };
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  // Closed once every process holding the pipe (npm, node) has ended.
  const closed = new Promise((resolve) => npm.stdout.once('close', resolve));
  for (let waited = 0; !output.includes('web server listening'); waited += 100) {
    if (waited > 60_000 || npm.exitCode !== null) throw new Error(`product did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const redisLine = output.split('\n').find((line) => line.includes('started a local redis-server'))!;
  const redisPid = Number(/"pid":(\d+)/.exec(redisLine)![1]);
  expect(alive(redisPid)).toBe(true);

  npm.kill('SIGTERM');
  // npm ends as its script did, or re-raises the signal it passed on.
  expect([{ code: 0, signal: null }, { code: null, signal: 'SIGTERM' }]).toContainEqual(await exited);
  await closed;
  expect(output).toContain('local redis-server stopped');
  expect(output).not.toContain('error while stopping');
  expect(output).toMatch(/"msg":"stopped"/);
  expect(alive(redisPid)).toBe(false);
  await fetch(`http://127.0.0.1:${port}/health`).then(
    () => expect.unreachable('node still answers'),
    (error: Error) => expect(error.message).toBe('fetch failed'),
  );
}, 90_000);
