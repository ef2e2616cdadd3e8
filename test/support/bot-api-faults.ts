// Outages of a fake Bot API server (Telegram's or Zalo's): for a while, every call to some
// methods answers an error, hangs, or has its connection dropped. Shared by both fake servers.
import type http from 'node:http';

export type BotApiFault =
  /** An error answer, e.g. 500, or 429 with `retryAfter` seconds (Telegram's parameters.retry_after). */
  | { kind: 'status'; status: number; description?: string; retryAfter?: number }
  /** Something that is not the Bot API's JSON: a proxy's HTML error page, a cut-off body. */
  | { kind: 'raw'; status: number; body: string }
  /** The connection is destroyed without an answer (a reset; the call had no effect). */
  | { kind: 'drop' }
  /** No answer for `ms`, then the connection is dropped (default) or the normal answer is given. */
  | { kind: 'hang'; ms: number; then?: 'drop' | 'answer' };

export interface FaultAttempt {
  method: string;
  /** The chat_id the call named, if any. */
  chatId?: string;
  at: number;
  /** The fault met, or null for a call answered normally. */
  fault: BotApiFault['kind'] | null;
}

interface Outage {
  methods: '*' | string[];
  fault: BotApiFault;
  until: number;
}

export class FaultInjector {
  /** Every call received, faulted or not, in order. */
  readonly attempts: FaultAttempt[] = [];
  private outages: Outage[] = [];
  private sleepers = new Set<() => void>();

  /**
   * From now on, for `durationMs` (default: until `end()`), every call to `methods` meets
   * `fault`. Outages started later take precedence.
   */
  begin(methods: '*' | string[], fault: BotApiFault, durationMs = Number.POSITIVE_INFINITY): { end(): void } {
    const outage: Outage = { methods, fault, until: Date.now() + durationMs };
    this.outages.unshift(outage);
    return {
      end: () => {
        this.outages = this.outages.filter((o) => o !== outage);
      },
    };
  }

  /** Ends every outage. */
  endAll(): void {
    this.outages = [];
  }

  /** Records the call and returns the fault it meets, if any. */
  faultFor(method: string, chatId?: unknown): BotApiFault | undefined {
    const now = Date.now();
    this.outages = this.outages.filter((o) => o.until > now);
    const fault = this.outages.find((o) => o.methods === '*' || o.methods.includes(method))?.fault;
    this.attempts.push({ method, at: now, fault: fault?.kind ?? null, ...(chatId !== undefined ? { chatId: String(chatId) } : {}) });
    return fault;
  }

  /** Calls to `method` received at or after `since` (ms since the epoch). */
  attemptsTo(method: string, since = 0, until = Number.POSITIVE_INFINITY): FaultAttempt[] {
    return this.attempts.filter((a) => a.method === method && a.at >= since && a.at <= until);
  }

  /**
   * Carries the fault out on this request. 'answered': nothing more to do; 'continue': answer
   * normally (a hang that ends in an answer).
   */
  async apply(fault: BotApiFault, res: http.ServerResponse, sendJson: (status: number, body: unknown) => void): Promise<'answered' | 'continue'> {
    if (fault.kind === 'status') {
      const parameters = fault.retryAfter !== undefined ? { retry_after: fault.retryAfter } : undefined;
      sendJson(fault.status, { ok: false, error_code: fault.status, description: fault.description ?? defaultDescription(fault.status), parameters });
      return 'answered';
    }
    if (fault.kind === 'raw') {
      res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(fault.body) });
      res.end(fault.body);
      return 'answered';
    }
    if (fault.kind === 'hang') {
      await this.sleep(fault.ms);
      if (fault.then === 'answer' && !res.destroyed) return 'continue';
    }
    res.socket?.destroy();
    return 'answered';
  }

  /** Wakes every hanging call (the server is stopping). */
  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

function defaultDescription(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status === 502) return 'Bad Gateway';
  if (status >= 500) return 'Internal Server Error';
  return 'Bad Request';
}
