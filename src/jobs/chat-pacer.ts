// One message per chat per gap (Telegram: about one a second to one chat), across every
// process: just before sending, a message takes its chat's slot in Redis or is delayed until
// the slot is free. Open-source BullMQ has no per-group limit (that is BullMQ Pro), hence this.
import type { Redis } from 'ioredis';

// Takes the chat's slot if it is free (returns 0), else says how long until it is (and takes
// nothing, so a message that waits does not push the others further away).
const TRY_TAKE = `
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free > now then return free - now end
redis.call('SET', KEYS[1], now + gap, 'PX', gap + 60000)
return 0`;

export class ChatPacer {
  constructor(
    private readonly redis: Redis,
    private readonly gapMs: number,
    private readonly prefix = 'hscm',
  ) {}

  /** 0 when this chat may be written to now (the slot is then taken), else the wait in ms. */
  async tryTake(channel: string, chatId: string, now = Date.now()): Promise<number> {
    if (this.gapMs <= 0) return 0;
    const wait = await this.redis.eval(TRY_TAKE, 1, `${this.prefix}:pace:${channel}:${chatId}`, now, this.gapMs);
    return Number(wait);
  }
}
