// One message per chat per gap (Telegram: about one a second to one chat), across every
// process: each message reserves the next free slot of its chat in Redis and is delayed
// until then. Open-source BullMQ has no per-group limit (that is BullMQ Pro), hence this.
import type { Redis } from 'ioredis';

const RESERVE = `
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], slot + gap, 'PX', (slot - now) + gap + 60000)
return slot - now`;

export class ChatPacer {
  constructor(
    private readonly redis: Redis,
    private readonly gapMs: number,
    private readonly prefix = 'hscm',
  ) {}

  /** Milliseconds to wait before sending to this chat; the slot is taken. */
  async reserve(channel: string, chatId: string, now = Date.now()): Promise<number> {
    if (this.gapMs <= 0) return 0;
    const wait = await this.redis.eval(RESERVE, 1, `${this.prefix}:pace:${channel}:${chatId}`, now, this.gapMs);
    return Number(wait);
  }
}
