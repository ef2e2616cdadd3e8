// Rate limiting of what one person sends (a flood from one user must not slow everyone down).
// Each event takes a numbered place in its sender's sliding window, kept in Redis so that every
// process counts the same window; the place decides: within the allowance it is handled, the
// first one over it is answered once with a polite refusal, the rest are dropped silently
// (they stay recorded as processed, so nothing redelivers them).
import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/logger.js';
import type { Inbound, InboundEvent } from './inbound.js';

/** What to do with one event. `waitMs`: how long the sender should pause before trying again. */
export type FloodVerdict = { type: 'allow' } | { type: 'refuse'; waitMs: number } | { type: 'drop' };

export interface FloodLimits {
  /** Messages (texts, files, commands…) one person may send per window; 0 turns the guard off. */
  messages: number;
  windowMs: number;
}

/**
 * Button presses have their own allowance, three times the messages': a reviewer tapping
 * through a long list presses quickly, and each press answers a question the bot asked.
 */
export const BUTTON_ALLOWANCE_FACTOR = 3;

export type FloodKind = 'message' | 'button';

export function floodKindOf(event: InboundEvent): FloodKind {
  return event.type === 'button' ? 'button' : 'message';
}

export function allowanceFor(kind: FloodKind, limits: FloodLimits): number {
  return kind === 'button' ? limits.messages * BUTTON_ALLOWANCE_FACTOR : limits.messages;
}

/**
 * The rule. `place`: this event's number among the sender's events of its kind in the window
 * (1 = the first); `toldAlready`: the sender was refused recently, so once is enough.
 */
export function floodVerdict(input: { place: number; allowance: number; toldAlready: boolean; waitMs: number }): FloodVerdict {
  if (input.allowance <= 0 || input.place <= input.allowance) return { type: 'allow' };
  if (input.toldAlready) return { type: 'drop' };
  return { type: 'refuse', waitMs: Math.max(1000, input.waitMs) };
}

/** The polite refusal, with the wait rounded up to whole seconds or minutes. */
export function floodNotice(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait = seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
  return `Thầy/cô gửi quá nhiều tin nhắn trong thời gian ngắn, vui lòng chờ ${wait} rồi thử lại.`;
}

// KEYS[1]: the sender's window of this kind (a sorted set of event ids scored by time);
// KEYS[2]: until when the sender has been told (one refusal per wait). ARGV: now, window, allowance, event id.
// Returns this event's place and whether the sender was already told. Events over the
// allowance are kept too (a flood keeps its sender waiting), at most 4× the allowance.
const TAKE_PLACE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local allowance = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[4])
local place = redis.call('ZCARD', KEYS[1])
if place > allowance * 4 then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, place - allowance * 4 - 1)
end
redis.call('PEXPIRE', KEYS[1], window)
if place <= allowance then return {place, 0, 0} end
-- The sender may write again once the window holds fewer than the allowance.
local kept = redis.call('ZCARD', KEYS[1])
local edge = redis.call('ZRANGE', KEYS[1], kept - allowance, kept - allowance, 'WITHSCORES')
local waitMs = math.max(1000, tonumber(edge[2]) + window - now)
local toldUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if toldUntil > now then return {place, 1, waitMs} end
redis.call('SET', KEYS[2], now + waitMs, 'PX', waitMs + 60000)
return {place, 0, waitMs}`;

export interface FloodGuardOptions {
  redis: Redis;
  limits: FloodLimits;
  logger: Logger;
  /** Key prefix shared by every process of one deployment (tests use a fresh one). */
  prefix?: string;
  /** Longest wait for Redis before letting the event through. Default 500 ms. */
  timeoutMs?: number;
}

export class FloodGuard {
  private lastWarning = 0;

  constructor(private readonly options: FloodGuardOptions) {}

  /** The verdict for one event. Fails open: Redis being slow or down never blocks anyone. */
  async check(inbound: Inbound, now = Date.now()): Promise<FloodVerdict> {
    const { limits } = this.options;
    const kind = floodKindOf(inbound.event);
    const allowance = allowanceFor(kind, limits);
    if (allowance <= 0) return { type: 'allow' };
    try {
      const [place = 0, toldAlready = 0, waitMs = 0] = await this.takePlace(inbound, kind, allowance, now);
      return floodVerdict({ place, allowance, toldAlready: toldAlready === 1, waitMs });
    } catch (error) {
      this.warn(error as Error);
      return { type: 'allow' };
    }
  }

  private async takePlace(inbound: Inbound, kind: FloodKind, allowance: number, now: number): Promise<number[]> {
    const base = `${this.options.prefix ?? 'hscm'}:flood:${inbound.channel}:${inbound.externalUserId}`;
    const call = this.options.redis.eval(TAKE_PLACE, 2, `${base}:${kind}`, `${base}:told`, now, this.options.limits.windowMs, allowance, inbound.updateId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('flood guard: Redis did not answer in time')), this.options.timeoutMs ?? 500);
    });
    try {
      return ((await Promise.race([call, timeout])) as Array<number | string>).map(Number);
    } finally {
      clearTimeout(timer);
    }
  }

  /** At most one warning a minute: a Redis outage must not flood the log either. */
  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.options.logger.warn({ err: error.message }, 'flood guard unavailable; letting messages through');
  }
}
