// A typed client for the Zalo Bot API over fetch (no SDK exists; the API is small). Errors say
// which side failed, so callers retry a lost connection but not a refusal.

/** Where the real API lives; tests point `apiRoot` at a local server instead. */
export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** Zalo's limit on one text message; callers split longer texts themselves. */
export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloUser {
  id: string;
  display_name?: string;
  first_name?: string;
  is_bot?: boolean;
}

export interface ZaloMessage {
  message_id: string;
  /** Milliseconds since the epoch (not seconds, unlike Telegram). */
  date: number;
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' | string };
  from: ZaloUser;
  text?: string;
  /** URL of the image of a `message.image.received`. */
  photo?: string;
  caption?: string;
  sticker?: string;
  url?: string;
}

export interface ZaloUpdate {
  event_name: string;
  message: ZaloMessage;
}

export interface ZaloBotInfo {
  id: string;
  account_name?: string;
  account_type?: string;
  can_join_groups?: boolean;
  display_name?: string;
}

export interface ZaloSentMessage {
  /** '' if Zalo did not say (it always does in the documented answers). */
  message_id: string;
  date?: number;
}

/**
 * - `api`: Zalo answered and refused; `code` is its error_code (or the HTTP status when the
 *   answer was not the Bot API's JSON, e.g. a proxy's 502 page). A text outside 1–2000
 *   characters is refused this way too (code 400), before any request is made.
 * - `network`: no usable answer: connection refused or reset, DNS failure, or a 2xx answer whose
 *   body is not the Bot API's JSON.
 * - `timeout`: no answer within the client's timeout. The request may still have been handled
 *   (a message may have been sent), as with any timeout.
 */
export type ZaloErrorKind = 'api' | 'network' | 'timeout';

export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  readonly kind: ZaloErrorKind;
  /** Zalo's error_code for `api`; the HTTP status for a non-JSON answer; 0 when nothing answered. */
  readonly code: number;
  readonly description: string;
  readonly method: string;
  /**
   * Seconds to wait, if Zalo said so: a Telegram-style `parameters.retry_after` (undocumented)
   * or an HTTP Retry-After header in seconds.
   */
  readonly retryAfterSeconds?: number;

  constructor(init: { kind: ZaloErrorKind; code: number; description: string; method: string; retryAfterSeconds?: number }) {
    super(
      init.kind === 'api'
        ? `Zalo ${init.method} refused (${init.code}): ${init.description}`
        : `Zalo ${init.method} got no answer (${init.kind}): ${init.description}`,
    );
    this.kind = init.kind;
    this.code = init.code;
    this.description = init.description;
    this.method = init.method;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Trying again later may succeed: nothing answered, rate limited, or a failure on Zalo's side. */
  get retryable(): boolean {
    return this.kind !== 'api' || this.code === 408 || this.code === 429 || this.code >= 500;
  }
}

export function isZaloApiError(error: unknown): error is ZaloApiError {
  return error instanceof ZaloApiError;
}

export interface ZaloClientOptions {
  /** The bot token from Zalo Bot Manager, `<bot_id>:<secret>`. Never logged nor put in errors. */
  token: string;
  /** `ZALO_API_ROOT` in production; a local server's root in tests. */
  apiRoot: string;
  /**
   * How long one call may take, default 15 000 ms: long enough for a slow mobile-network day,
   * short enough that a stuck send is retried. getUpdates waits this long on top of its poll.
   */
  timeoutMs?: number;
}

export class ZaloClient {
  private readonly token: string;
  private readonly apiRoot: string;
  private readonly timeoutMs: number;

  constructor(options: ZaloClientOptions) {
    if (!options.token || /[\s/]/.test(options.token)) {
      throw new Error('ZaloClient needs the bot token from Zalo Bot Manager (format <bot_id>:<secret>, no spaces or slashes)');
    }
    if (!/^https?:\/\/[^/]/.test(options.apiRoot ?? '')) {
      throw new Error(`ZaloClient apiRoot must be an http(s) URL such as ${ZALO_API_ROOT}`);
    }
    this.token = options.token;
    this.apiRoot = options.apiRoot.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async getMe(): Promise<ZaloBotInfo> {
    const result = asRecord(await this.call('getMe', {}));
    return { ...result, id: String(result.id ?? '') } as ZaloBotInfo;
  }

  /**
   * Long polling: one update per call; null when nothing new (Zalo answers error 408, with HTTP
   * status 408 or 200, both handled). The request waits `timeoutSeconds` plus the client timeout,
   * so an empty poll is not mistaken for a lost connection. `signal` ends the poll early (a
   * stop): it then rejects with the signal's reason.
   */
  async getUpdates(timeoutSeconds = 30, signal?: AbortSignal): Promise<ZaloUpdate | null> {
    let result: unknown;
    try {
      // Zalo documents the timeout as a string.
      result = await this.call('getUpdates', { timeout: String(timeoutSeconds) }, timeoutSeconds * 1000 + this.timeoutMs, signal);
    } catch (error) {
      if (error instanceof ZaloApiError && error.kind === 'api' && error.code === 408) return null;
      throw error;
    }
    return parseZaloUpdate(Array.isArray(result) ? result[0] : result);
  }

  /** Zalo requires an https `url` and a `secretToken` of 8–256 characters. */
  async setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken });
  }

  async deleteWebhook(): Promise<unknown> {
    return this.call('deleteWebhook', {});
  }

  async getWebhookInfo(): Promise<{ url?: string; updated_at?: number } & Record<string, unknown>> {
    return asRecord(await this.call('getWebhookInfo', {}));
  }

  /** `text` must be 1–2000 UTF-16 code units (`text.length`); longer texts are refused unsent. */
  async sendMessage(chatId: string, text: string): Promise<ZaloSentMessage> {
    if (typeof text !== 'string' || text.length < 1 || text.length > ZALO_TEXT_LIMIT) {
      throw new ZaloApiError({
        kind: 'api',
        code: 400,
        method: 'sendMessage',
        description: `Bad Request: text must be 1 to ${ZALO_TEXT_LIMIT} characters (got ${typeof text === 'string' ? text.length : typeof text})`,
      });
    }
    return sentMessage(await this.call('sendMessage', { chat_id: String(chatId), text }));
  }

  /** `photoUrl` must be reachable by Zalo's servers: Zalo downloads the image itself. */
  async sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<ZaloSentMessage> {
    const body: Record<string, unknown> = { chat_id: String(chatId), photo: photoUrl };
    if (caption !== undefined) body.caption = caption;
    return sentMessage(await this.call('sendPhoto', body));
  }

  async sendSticker(chatId: string, sticker: string): Promise<ZaloSentMessage> {
    return sentMessage(await this.call('sendSticker', { chat_id: String(chatId), sticker }));
  }

  async sendChatAction(chatId: string, action: 'typing' = 'typing'): Promise<unknown> {
    return this.call('sendChatAction', { chat_id: String(chatId), action });
  }

  private async call(method: string, body: Record<string, unknown>, timeoutMs = this.timeoutMs, cancel?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    let status: number;
    let raw: string;
    let retryAfterHeader: string | null = null;
    try {
      const response = await fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      status = response.status;
      retryAfterHeader = response.headers.get('retry-after');
      raw = await response.text();
    } catch (error) {
      if (cancel?.aborted) throw cancel.reason;
      if (timeout.aborted) throw new ZaloApiError({ kind: 'timeout', code: 0, method, description: `no answer within ${timeoutMs} ms` });
      throw new ZaloApiError({ kind: 'network', code: 0, method, description: this.redact(describeFetchFailure(error)) });
    }

    const answer = parseJson(raw);
    if (answer?.ok === true) return answer.result;
    if (answer?.ok === false) {
      const code = Number(answer.error_code) || status;
      const retryAfter = Number(asRecord(answer.parameters).retry_after) || secondsOf(retryAfterHeader);
      throw new ZaloApiError({
        kind: 'api',
        code,
        method,
        description: this.redact(typeof answer.description === 'string' ? answer.description : `HTTP ${status}`),
        ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    // Not the Bot API's JSON: an error page from a proxy is still a refusal with a status; a 2xx
    // without a usable body means the answer was lost on the way.
    const snippet = this.redact(raw.replace(/\s+/g, ' ').trim().slice(0, 120));
    const description = `HTTP ${status}, not a Bot API answer${snippet ? `: ${snippet}` : ''}`;
    if (status >= 400) {
      const retryAfter = secondsOf(retryAfterHeader);
      throw new ZaloApiError({ kind: 'api', code: status, method, description, ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) });
    }
    throw new ZaloApiError({ kind: 'network', code: status, method, description });
  }

  /** Error texts can echo the URL (e.g. undici's "Failed to parse URL from …"), which holds the token. */
  private redact(text: string): string {
    return text.split(this.token).join('<token>');
  }
}

/**
 * Turns a getUpdates result or a webhook body into a ZaloUpdate: unwraps a `{ ok, result }`
 * envelope (sent by some Zalo versions), makes ids strings, maps `name`/`photo_url` spellings.
 * Null when the payload carries no message with a chat and a sender: nothing can be answered.
 */
export function parseZaloUpdate(payload: unknown): ZaloUpdate | null {
  let raw = asRecord(payload);
  if (raw.ok === true && raw.result && typeof raw.result === 'object') raw = asRecord(raw.result);
  const message = asRecord(raw.message);
  const chat = asRecord(message.chat);
  const from = asRecord(message.from);
  if (!hasId(chat.id) || !hasId(from.id)) return null;

  const user: ZaloUser = { id: String(from.id) };
  const displayName = stringOf(from.display_name) ?? stringOf(from.name);
  if (displayName !== undefined) user.display_name = displayName;
  if (typeof from.first_name === 'string') user.first_name = from.first_name;
  if (typeof from.is_bot === 'boolean') user.is_bot = from.is_bot;

  const parsed: ZaloMessage = {
    message_id: hasId(message.message_id) ? String(message.message_id) : '',
    date: Number(message.date) || 0,
    chat: { id: String(chat.id), chat_type: String(chat.chat_type ?? '') },
    from: user,
  };
  const photo = stringOf(message.photo) ?? stringOf(message.photo_url);
  if (photo !== undefined) parsed.photo = photo;
  for (const key of ['text', 'caption', 'sticker', 'url'] as const) {
    const value = stringOf(message[key]);
    if (value !== undefined) parsed[key] = value;
  }
  return { event_name: String(raw.event_name ?? ''), message: parsed };
}

function sentMessage(result: unknown): ZaloSentMessage {
  const record = asRecord(result);
  const sent: ZaloSentMessage = { message_id: hasId(record.message_id) ? String(record.message_id) : '' };
  if (typeof record.date === 'number') sent.date = record.date;
  return sent;
}

function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function asRecord(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {};
}

function hasId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A Retry-After header's seconds (the HTTP-date form is not used by bot APIs); 0 when none. */
function secondsOf(header: string | null): number {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) : 0;
}
