// Send slots, across every process, taken in Redis just before a message goes out:
// - per channel, at most `perSecond` sends in ANY 1-second window (a sliding log of the sends
//   of the last second). BullMQ's limiter counts fixed windows: two full windows back to back
//   put up to twice the limit inside one second that straddles their edge, which a server
//   counting per sliding second answers with 429s;
// - per chat, one message per `gapMs` (Telegram: about one a second to one chat). Open-source
//   BullMQ has no per-group limit (that is BullMQ Pro), hence this too.
// Both are taken together, atomically, or neither is: a message that waits takes nothing, so it
// pushes no other message further away. Time is Redis's clock, the same for every process.
import type { Redis } from 'ioredis';

// KEYS[1]: the channel's log of sends (sorted set, score = ms); KEYS[2]: the chat's next free time.
// ARGV: per second, chat gap ms, least spacing ms, a unique member, now (ms) or '' for Redis TIME.
// Returns {0, 0} when taken, {1, ms} when the chat is busy, {2, ms} when the channel is full.
const TRY_TAKE = `
local now = tonumber(ARGV[5])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local max = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local spacing = tonumber(ARGV[3])
if gap > 0 then
  local free = tonumber(redis.call('GET', KEYS[2]) or '0')
  if free > now then return {1, free - now} end
end
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
  if redis.call('ZCARD', KEYS[1]) >= max then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {2, math.max(1, tonumber(oldest[2]) + 1000 - now + 1)}
  end
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if spacing > 0 and last[2] and now - tonumber(last[2]) < spacing then
    return {2, math.max(1, spacing - (now - tonumber(last[2])))}
  end
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], 2000)
end
if gap > 0 then redis.call('SET', KEYS[2], now + gap, 'PX', gap + 60000) end
return {0, 0}`;

export type SlotAnswer = { taken: true } | { taken: false; waitMs: number; busy: 'chat' | 'channel' };

export interface ChatPacerOptions {
  /** Least time between two messages to one chat; 0: no per-chat limit. */
  gapMs: number;
  /** Sends per any 1-second window, per channel (whole numbers: 29.5 allows 29); none: no limit. */
  perSecond?: Partial<Record<string, number>>;
  prefix?: string;
}

let counter = 0;

export class ChatPacer {
  private readonly gapMs: number;
  private readonly prefix: string;
  private readonly lines = new Map<string, { busy: boolean; waiting: Array<{ urgent: boolean; go: () => void }> }>();

  constructor(
    private readonly redis: Redis,
    private readonly options: ChatPacerOptions,
  ) {
    this.gapMs = options.gapMs;
    this.prefix = options.prefix ?? 'hscm';
  }

  /** Takes the chat's slot and one of the channel's slots for a send now, or says how long to wait. */
  async tryTake(channel: string, chatId: string, now?: number): Promise<SlotAnswer> {
    const max = Math.floor(this.options.perSecond?.[channel] ?? 0);
    if (this.gapMs <= 0 && max <= 0) return { taken: true };
    // Sends at least 3/4 of an even gap apart: a burst of a whole second's sends at once would
    // repeat every second, and any delay on the way to the server would then overlap two of
    // them; the quarter left lets the stream catch up after a late send.
    const spacing = max > 0 ? Math.floor(750 / max) : 0;
    const member = `${process.pid}:${Date.now()}:${++counter}`;
    const [code, wait] = (await answerWithin(
      REDIS_ANSWER_MS,
      this.redis.eval(TRY_TAKE, 2, `${this.prefix}:rate:${channel}`, `${this.prefix}:pace:${channel}:${chatId}`, max, this.gapMs, spacing, member, now ?? ''),
    )) as [number, number];
    if (code === 0) return { taken: true };
    return { taken: false, waitMs: Number(wait), busy: code === 1 ? 'chat' : 'channel' };
  }

  /**
   * For a delivery job: waits here for the channel's slot (it frees within a second, and the
   * job keeps its place), but not for a busy chat: then it returns the chat's wait, for the job
   * to be delayed by (other chats' messages go meanwhile); 0 when both slots are taken.
   * `urgent`: a message a person waits for, served before bulk ones waiting in this process.
   */
  async takeOrChatWait(channel: string, chatId: string, urgent = true): Promise<number> {
    const answer = await this.inLine(channel, urgent, () => this.untilChannelFree(channel, chatId));
    return answer.taken ? 0 : answer.waitMs;
  }

  /**
   * Waits here until both slots are taken, at most `maxWaitMs`: for replies sent while the
   * person waits, which share the channel's limits with the delivery queue (the platform counts
   * both) and go first. False when it gave up waiting.
   */
  async take(channel: string, chatId: string, maxWaitMs = 10_000): Promise<boolean> {
    const giveUpAt = Date.now() + maxWaitMs;
    try {
      for (;;) {
        const answer = await this.inLine(channel, true, () => this.untilChannelFree(channel, chatId));
        if (answer.taken) return true;
        // The chat is busy: wait out of line, so that other chats' messages go meanwhile.
        const left = giveUpAt - Date.now();
        if (left <= 0) return false;
        await sleep(Math.min(answer.waitMs, left));
      }
    } catch {
      // Redis away: the person still gets their answer (without a slot; the bot keeps answering
      // while Redis is down, as it records).
      return false;
    }
  }

  private async untilChannelFree(channel: string, chatId: string): Promise<SlotAnswer> {
    for (;;) {
      const answer = await this.tryTake(channel, chatId);
      if (answer.taken || answer.busy === 'chat') return answer;
      await sleep(answer.waitMs);
    }
  }

  /**
   * One waiter per channel asks Redis at a time in this process, urgent ones first, then in
   * arrival order: without a line every waiter wakes when a slot frees and a random one gets
   * it, so a confirmation could lose to bulk messages many times in a row.
   */
  private async inLine<T>(channel: string, urgent: boolean, fn: () => Promise<T>): Promise<T> {
    let line = this.lines.get(channel);
    if (!line) this.lines.set(channel, (line = { busy: false, waiting: [] }));
    if (line.busy) {
      await new Promise<void>((go) => {
        const at = urgent ? line.waiting.findIndex((w) => !w.urgent) : -1;
        if (at < 0) line.waiting.push({ urgent, go });
        else line.waiting.splice(at, 0, { urgent, go });
      });
    } else {
      line.busy = true;
    }
    try {
      return await fn();
    } finally {
      const next = line.waiting.shift();
      if (next) next.go();
      else line.busy = false;
    }
  }
}

/** How long a slot may take to be answered before Redis counts as away. */
const REDIS_ANSWER_MS = 1000;

/** `promise`, or a rejection once `ms` have passed (ioredis queues commands while Redis is away). */
function answerWithin<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
