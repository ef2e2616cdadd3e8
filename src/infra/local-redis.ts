// With REDIS_URL unset the product runs its own redis-server on loopback, with its data in
// the project's var/ folder. An instance left running by a crashed start is found through
// its state file and reused rather than started twice on the same data.
//
// The server runs in its own process group, so a Ctrl-C at the terminal (which signals the
// whole foreground group) reaches only the product; the product stops Redis itself, after
// its workers have closed their connections.
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
  /** The redis-server's process id. */
  pid: number;
  /**
   * Stops the server unless another process still uses it (a second process of the same
   * installation sharing it): then it is left running and the result says why.
   */
  stop(options?: { evenIfInUse?: boolean }): Promise<LocalRedisStop>;
}

export type LocalRedisStop = { stopped: true } | { stopped: false; pid: number; url: string; reason: string };

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
  // detached: a process group of its own (see the top of the file).
  const child = spawn(binary, redisArgs(port, dataDir, options.persistent ?? true), { stdio: 'ignore', detached: true });
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReady(url, child);
  const pid = child.pid!;
  fs.writeFileSync(stateFile, JSON.stringify({ pid, port }));
  return { url, started: true, pid, stop: (o) => stopServer(url, pid, stateFile, o?.evenIfInUse) };
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
    return { url, started: false, pid, stop: (o) => stopServer(url, pid, stateFile, o?.evenIfInUse) };
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

async function stopServer(url: string, pid: number, stateFile: string, evenIfInUse = false): Promise<LocalRedisStop> {
  if (!isAlive(pid)) {
    fs.rmSync(stateFile, { force: true });
    return { stopped: true };
  }
  const others = evenIfInUse ? 0 : await otherClients(url);
  if (others > 0) {
    return { stopped: false, pid, url, reason: `${others} other connection(s) still use it (another process of this installation?)` };
  }
  fs.rmSync(stateFile, { force: true });
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && isAlive(pid); waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return { stopped: true };
}

/**
 * Connections other than the one asking. Our own workers have just closed theirs, and the
 * server may take a moment to notice: ask again for up to a second before counting.
 */
async function otherClients(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const self = `id=${String(await client.client('ID'))} `;
    let others = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const list = (await client.client('LIST')) as string;
      others = list.split('\n').filter((line) => line.trim() && !line.startsWith(self)).length;
      if (others === 0) return 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    return others;
  } catch {
    return 0;
  } finally {
    client.disconnect();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
