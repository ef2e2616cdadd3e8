// A redis-server a test can take away and bring back on the same port with the same data
// (append-only file, fsynced on every write): an outage as the product sees it, not a wipe.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRedisServer, freePort, pingOnce } from '../../src/infra/local-redis.js';

export class StoppableRedis {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-outage-redis-'));
  private port = 0;
  private child?: ChildProcess;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const binary = findRedisServer();
    if (!binary) throw new Error('redis-server is not installed');
    this.port ||= await freePort();
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'];
    this.child = spawn(binary, args, { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await pingOnce(this.url)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server did not start on ${this.url}`);
  }

  /** Kills the server at once (SIGKILL): clients see their connections drop and reconnects refused. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
