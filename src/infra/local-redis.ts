// With REDIS_URL unset the product runs its own redis-server on loopback, with its data in
// the project's var/ folder. An instance left running by a crashed start is found through
// its state file and reused rather than started twice on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface LocalRedisOptions {
  /** Folder for the append-only file, log and state file. */
  dataDir: string;
  /** Keep data across restarts (append-only file). Tests turn it off. */
  persistent?: boolean;
}

export interface LocalRedis {
  url: string;
  /** Whether this call started the server (false: an earlier instance was reused). */
  started: boolean;
  stop(): Promise<void>;
}

export class RedisNotInstalledError extends Error {
  override name = 'RedisNotInstalledError';
  constructor() {
    super(
      'redis-server was not found. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, ' +
        'or run `npm run setup`, which does it for you), or point REDIS_URL at a Redis you already run.',
    );
  }
}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

export function findRedisServer(): string | undefined {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'redis-server'));
  return [...fromPath, ...CANDIDATES].find((file) => isExecutable(file));
}

export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const stateFile = path.join(dataDir, 'instance.json');
  const reused = await reuseRunning(stateFile);
  if (reused) return reused;
  const binary = findRedisServer();
  if (!binary) throw new RedisNotInstalledError();
  const port = await freePort();
  const child = spawn(binary, redisArgs(port, dataDir, options.persistent ?? true), { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReady(url, child);
  fs.writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port }));
  return { url, started: true, stop: () => stopChild(child, stateFile) };
}

function redisArgs(port: number, dataDir: string, persistent: boolean): string[] {
  return [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dataDir,
    '--logfile', path.join(dataDir, 'redis.log'),
    '--save', '',
    '--appendonly', persistent ? 'yes' : 'no',
    // BullMQ needs keys never evicted.
    '--maxmemory-policy', 'noeviction',
  ];
}

async function reuseRunning(stateFile: string): Promise<LocalRedis | undefined> {
  if (!fs.existsSync(stateFile)) return undefined;
  try {
    const { pid, port } = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { pid: number; port: number };
    process.kill(pid, 0);
    const url = `redis://127.0.0.1:${port}`;
    if (!(await pingOnce(url))) return undefined;
    return { url, started: false, stop: async () => undefined };
  } catch {
    return undefined;
  }
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited) throw new Error(`redis-server exited at start; see its log in the data folder (${url})`);
    if (await pingOnce(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer within 10 s (${url})`);
}

/** Whether a Redis answers PING at `url` right now (no retries, half a second to connect). */
export async function pingOnce(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function stopChild(child: ChildProcess, stateFile: string): Promise<void> {
  fs.rmSync(stateFile, { force: true });
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A TCP port free on loopback right now (the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
