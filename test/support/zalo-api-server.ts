// A local HTTP server that speaks the Zalo Bot API, so that the product's ZaloClient makes real
// HTTP calls in tests. It keeps every call for assertions, long-polls getUpdates (one update per
// call), delivers updates to a webhook with the secret header, and can be told to fail or stall.
//
// Where Zalo's documentation is silent, it behaves like this (tests written against it should
// not depend on more):
// - every refusal answers `{ ok: false, error_code, description }` with HTTP status = error_code;
// - an empty poll answers error 408 with HTTP status `pollTimeoutHttpStatus` (408 by default; set
//   it to 200 to check a client copes with both);
// - getUpdates while a webhook is set answers 409, as Telegram does;
// - a send to a chat whose user blocked the bot answers 403 'Forbidden: ...';
// - rate limiting answers 429 without retry_after (Zalo documents none);
// - setWebhook accepts http:// urls so that tests can use a local server; the real API needs https.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZaloMessage, ZaloUpdate, ZaloUser } from '../../src/bot/zalo/zalo-client.js';
import { FaultInjector } from './bot-api-faults.js';

export interface RecordedCall {
  method: string;
  body: Record<string, any>;
  at: number;
}

/** An update to push: anything left out gets a plausible default (a text from user 'zu-0'). */
export interface ZaloUpdateInit {
  event_name?: string;
  message?: Partial<Omit<ZaloMessage, 'chat' | 'from'>> & { chat?: Partial<ZaloMessage['chat']>; from?: Partial<ZaloUser> };
}

export interface PushResult {
  update: ZaloUpdate;
  /** 'webhook' when POSTed to the product, 'poll' when queued for getUpdates. */
  via: 'webhook' | 'poll';
  /** The HTTP status the product answered the webhook POST with. */
  status?: number;
  /** Why the webhook POST got no answer (connection refused, timeout). */
  error?: string;
}

export interface WebhookDelivery extends PushResult {
  at: number;
  /** The secret header sent, null when left out on purpose. */
  secretToken: string | null;
}

export interface FailureOptions {
  /** error_code of the answer, default 500. */
  status?: number;
  description?: string;
  /** HTTP status of the answer, default `status` (set 200 to mimic an ok:false with HTTP 200). */
  httpStatus?: number;
  times?: number;
  /** Only calls to this chat fail. */
  chatId?: string;
}

export interface ScriptedAnswer {
  /** Answer after this delay (the call is recorded at once): longer than a client timeout = a hang. */
  delayMs?: number;
  /** The answer's body: an object is sent as JSON, a string as is. Default: the normal answer. */
  body?: unknown;
  httpStatus?: number;
  times?: number;
  chatId?: string;
}

interface Script extends ScriptedAnswer {
  method: string;
  times: number;
}

/** A refusal in the Bot API's shape; its code is also the HTTP status. */
class Refusal extends Error {
  constructor(readonly code: number, readonly description: string) {
    super(description);
  }
}

export class ZaloApiServer {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  readonly bot: { id: string; account_name: string; account_type: string; can_join_groups: boolean; display_name: string };
  /** Longest an empty poll waits before answering 408, whatever timeout the client asked for. */
  pollWaitCapMs: number;
  /** HTTP status of the 408 'Request timeout' answer to an empty poll (the body says 408 either way). */
  pollTimeoutHttpStatus: 200 | 408 = 408;
  /** How long a webhook POST may take before it is reported as failed. */
  webhookTimeoutMs = 10_000;
  /** Wrap webhook bodies as `{ ok: true, result: update }`, as some Zalo versions do; default bare. */
  webhookEnvelope = false;
  /** The last getUpdates request (polls are counted, not recorded in `calls`). */
  lastPoll?: RecordedCall;
  /**
   * Outages: `faults.begin(['sendMessage'], { kind: 'status', status: 500 }, 15_000)`. A faulted
   * call is counted in `faults.attempts` but neither recorded in `calls` nor counted in `pollCount`,
   * except a hang that ends in an answer, recorded when answered.
   */
  readonly faults = new FaultInjector();

  /** 429 answers given because a limit was exceeded (not injected failures). */
  rateLimited = 0;
  private limits?: { perSecond: number; perChatGapMs: number };
  private bucket = { tokens: 0, at: 0 };
  private lastByChat = new Map<string, number>();

  private server?: http.Server;
  private queue: ZaloUpdate[] = [];
  private polls = 0;
  private nextMessageId = 1;
  private nextInboundId = 1;
  private webhookState?: { url: string; secretToken: string };
  private webhookUpdatedAt = 0;
  private scripts: Script[] = [];
  private blocked = new Set<string>();
  private pollers: Array<() => void> = [];
  private sleepers: Array<() => void> = [];
  private listeners: Array<() => void> = [];

  constructor(token = '1234567890:TEST-zalo-token', options: { pollWaitCapMs?: number } = {}) {
    this.token = token;
    this.pollWaitCapMs = options.pollWaitCapMs ?? 1000;
    this.bot = {
      id: token.split(':')[0] ?? token,
      account_name: 'hscm_test_bot',
      account_type: 'BASIC',
      can_join_groups: false,
      display_name: 'Trợ lý HSCM',
    };
  }

  get apiRoot(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.pollers.splice(0).forEach((wake) => wake());
    this.sleepers.splice(0).forEach((wake) => wake());
    this.faults.wakeAll();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /**
   * Enforces sending limits like Telegram's (Zalo publishes none): a bucket of `perSecond` sends
   * refilled continuously and at most one send per chat per `perChatGapMs`; over them, 429.
   * Chat actions are not counted.
   */
  enforceLimits(limits: { perSecond: number; perChatGapMs: number }): void {
    this.limits = limits;
    this.bucket = { tokens: limits.perSecond, at: Date.now() };
  }

  /** The webhook set by the bot, if any. */
  get webhook(): { url: string; secretToken: string } | undefined {
    return this.webhookState;
  }

  /** Updates queued for getUpdates and not yet taken by a poll. */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  /**
   * Delivers an update from a user. With a webhook set, POSTs it as JSON with the secret header
   * (`secretToken` overrides it, null leaves it out) and reports the HTTP status the product
   * answered, without retrying. Without one, queues it for getUpdates (FIFO) and resolves at once.
   */
  async pushUpdate(init: ZaloUpdateInit = {}, options: { secretToken?: string | null } = {}): Promise<PushResult> {
    const update = this.complete(init);
    if (this.webhookState) return this.postToWebhook(update, options.secretToken);
    this.queue.push(update);
    this.wakePollers();
    return { update, via: 'poll' };
  }

  /**
   * Delivers the same update again: what Zalo does when a webhook answer was lost, or what a
   * crash before handling looks like. Goes ahead of queued updates when polling.
   */
  async redeliver(update: ZaloUpdate, options: { secretToken?: string | null } = {}): Promise<PushResult> {
    if (this.webhookState) return this.postToWebhook(update, options.secretToken);
    this.queue.unshift(update);
    this.wakePollers();
    return { update, via: 'poll' };
  }

  /** The next `times` calls to `method` (to `chatId` if given) are refused. */
  failNext(method: string, failure: FailureOptions = {}): void {
    const status = failure.status ?? 500;
    this.scripts.push({
      method,
      times: failure.times ?? 1,
      httpStatus: failure.httpStatus ?? status,
      body: { ok: false, error_code: status, description: failure.description ?? 'Internal Server Error' },
      ...(failure.chatId !== undefined ? { chatId: failure.chatId } : {}),
    });
  }

  /** The next `times` calls to `method` get a scripted answer: delayed, malformed or anything else. */
  answerNext(method: string, answer: ScriptedAnswer): void {
    this.scripts.push({ ...answer, method, times: answer.times ?? 1 });
  }

  /**
   * The user of this chat has blocked the bot: every send to it answers 403 'Forbidden: the user
   * has blocked the bot' (Zalo does not document the exact answer; 403 is what it plausibly is).
   */
  blockChat(chatId: string): void {
    this.blocked.add(String(chatId));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages (sendMessage / sendPhoto) sent to a chat, in order. */
  sentTo(chatId: string): RecordedCall[] {
    return this.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && String(c.body.chat_id) === String(chatId));
  }

  /** Resolves with `predicate`'s result once it is truthy, or rejects after `timeoutMs`. */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | false | null, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.calls);
      if (result) return result;
      if (Date.now() > deadline) {
        const last = this.calls.slice(-8).map((c) => `${c.method} ${JSON.stringify(c.body).slice(0, 200)}`);
        throw new Error(`waitFor timed out; last calls:\n${last.join('\n')}`);
      }
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 50);
        this.listeners.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  /** How many times the bot has called getUpdates. */
  get pollCount(): number {
    return this.polls;
  }

  /**
   * Resolves once the bot has polled `count` more times. A poller that handles each update
   * before asking for the next one has then finished the work in flight.
   */
  async settled(count = 2): Promise<void> {
    const target = this.polls + count;
    await this.waitFor(() => this.polls >= target);
  }

  /** A fresh inbound message id, unique in this server. */
  newInboundMessageId(): string {
    return `zin-${this.nextInboundId++}`;
  }

  private complete(init: ZaloUpdateInit): ZaloUpdate {
    const message = init.message ?? {};
    const chat = { id: 'zu-0', chat_type: 'PRIVATE', ...message.chat };
    return {
      event_name: init.event_name ?? 'message.text.received',
      message: {
        ...message,
        message_id: message.message_id ?? this.newInboundMessageId(),
        date: message.date ?? Date.now(),
        chat,
        from: { id: chat.id, display_name: 'Người dùng Zalo', is_bot: false, ...message.from },
      },
    };
  }

  private async postToWebhook(update: ZaloUpdate, secretOverride: string | null | undefined): Promise<PushResult> {
    const { url, secretToken } = this.webhookState!;
    const secret = secretOverride === undefined ? secretToken : secretOverride;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['X-Bot-Api-Secret-Token'] = secret;
    const body = JSON.stringify(this.webhookEnvelope ? { ok: true, result: update } : update);
    let result: PushResult;
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.webhookTimeoutMs) });
      await response.arrayBuffer();
      result = { update, via: 'webhook', status: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      result = { update, via: 'webhook', error: cause?.code ?? cause?.message ?? (error as Error).message };
    }
    this.webhookDeliveries.push({ ...result, at: Date.now(), secretToken: secret });
    return result;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match || match[1] !== this.token) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2]!;
    if (req.method !== 'POST') return send(res, 405, { ok: false, error_code: 405, description: 'Method Not Allowed: use POST' });
    let body: Record<string, any>;
    try {
      body = await readJsonBody(req);
    } catch (e) {
      return send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(e as Error).message}` });
    }
    const fault = this.faults.faultFor(method, body.chat_id);
    if (fault && (await this.faults.apply(fault, res, (status, answer) => send(res, status, answer))) === 'answered') return;
    if (method === 'getUpdates') {
      this.polls++;
      this.lastPoll = { method, body, at: Date.now() };
      this.wakeListeners();
    } else {
      this.calls.push({ method, body, at: Date.now() });
      this.wakeListeners();
    }

    const script = this.takeScript(method, body);
    if (script?.delayMs) await this.sleep(script.delayMs);
    if (script?.body !== undefined) return send(res, script.httpStatus ?? 200, script.body);

    const limited = this.overLimit(method, body.chat_id);
    if (limited) {
      this.rateLimited++;
      return send(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests' });
    }
    if (method.startsWith('send') && this.blocked.has(String(body.chat_id))) {
      return send(res, 403, { ok: false, error_code: 403, description: 'Forbidden: the user has blocked the bot' });
    }
    try {
      send(res, 200, { ok: true, result: await this.answer(method, body) });
    } catch (e) {
      const refusal = e instanceof Refusal ? e : new Refusal(500, (e as Error).message);
      const httpStatus = refusal.code === 408 ? this.pollTimeoutHttpStatus : refusal.code;
      send(res, httpStatus, { ok: false, error_code: refusal.code, description: refusal.description });
    }
  }

  private async answer(method: string, body: Record<string, any>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.bot;
      case 'getUpdates':
        return this.getUpdates(body);
      case 'setWebhook':
        return this.setWebhook(body);
      case 'deleteWebhook':
        this.webhookState = undefined;
        this.webhookUpdatedAt = Date.now();
        return { url: '', updated_at: this.webhookUpdatedAt };
      case 'getWebhookInfo':
        return { url: this.webhookState?.url ?? '', updated_at: this.webhookUpdatedAt };
      case 'sendMessage': {
        const text = body.text;
        if (typeof text !== 'string' || text.length < 1 || text.length > 2000) {
          throw new Refusal(400, 'Bad Request: text must be 1 to 2000 characters');
        }
        return this.sent(body);
      }
      case 'sendPhoto':
        if (typeof body.photo !== 'string' || !/^https?:\/\//.test(body.photo)) throw new Refusal(400, 'Bad Request: photo must be an image URL');
        return this.sent(body);
      case 'sendSticker':
        if (typeof body.sticker !== 'string' || !body.sticker) throw new Refusal(400, 'Bad Request: sticker is required');
        return this.sent(body);
      case 'sendChatAction':
        requireChat(body);
        if (body.action !== 'typing' && body.action !== 'upload_photo') throw new Refusal(400, 'Bad Request: unknown action');
        return true;
      default:
        throw new Refusal(404, `Not Found: method ${method} is not implemented by the test server`);
    }
  }

  private async getUpdates(body: Record<string, any>): Promise<ZaloUpdate> {
    if (this.webhookState) throw new Refusal(409, 'Conflict: getUpdates is not available while a webhook is set');
    if (this.queue.length === 0) {
      const waitMs = Math.min(Number(body.timeout ?? 0) * 1000 || 0, this.pollWaitCapMs);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, waitMs);
        this.pollers.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
    const update = this.queue.shift();
    if (!update) throw new Refusal(408, 'Request timeout');
    return update;
  }

  private setWebhook(body: Record<string, any>) {
    let url: URL;
    try {
      url = new URL(String(body.url));
    } catch {
      throw new Refusal(400, 'Bad Request: url is invalid');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Refusal(400, 'Bad Request: url must be https');
    const secret = body.secret_token;
    if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256) {
      throw new Refusal(400, 'Bad Request: secret_token must be 8 to 256 characters');
    }
    this.webhookState = { url: url.href, secretToken: secret };
    this.webhookUpdatedAt = Date.now();
    return { url: url.href, updated_at: this.webhookUpdatedAt };
  }

  private sent(body: Record<string, any>) {
    requireChat(body);
    return { message_id: String(this.nextMessageId++), date: Date.now() };
  }

  private takeScript(method: string, body: Record<string, any>): Script | undefined {
    const i = this.scripts.findIndex((s) => s.method === method && (s.chatId === undefined || s.chatId === String(body.chat_id)));
    if (i < 0) return undefined;
    const script = this.scripts[i]!;
    if (--script.times <= 0) this.scripts.splice(i, 1);
    return script;
  }

  private overLimit(method: string, chatId: unknown): boolean {
    if (!this.limits || !method.startsWith('send') || method === 'sendChatAction') return false;
    const now = Date.now();
    const { perSecond, perChatGapMs } = this.limits;
    this.bucket.tokens = Math.min(perSecond, this.bucket.tokens + ((now - this.bucket.at) / 1000) * perSecond);
    this.bucket.at = now;
    const last = this.lastByChat.get(String(chatId));
    if (last !== undefined && now - last < perChatGapMs * 0.9) return true;
    if (this.bucket.tokens < 1) return true;
    this.bucket.tokens -= 1;
    this.lastByChat.set(String(chatId), now);
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((r) => {
      const timer = setTimeout(r, ms);
      this.sleepers.push(() => {
        clearTimeout(timer);
        r();
      });
    });
  }

  private wakePollers(): void {
    this.pollers.splice(0).forEach((wake) => wake());
  }

  private wakeListeners(): void {
    this.listeners.splice(0).forEach((wake) => wake());
  }
}

/**
 * A Zalo user talking to the bot in a private chat (its chat id is its user id). A number id n
 * becomes 'zu-n'.
 */
export class ZaloChatUser {
  readonly id: string;

  constructor(
    readonly server: ZaloApiServer,
    id: string | number,
    readonly name = 'Giáo viên Zalo',
  ) {
    this.id = typeof id === 'number' ? `zu-${id}` : id;
  }

  sendText(text: string): Promise<PushResult> {
    return this.push('message.text.received', { text });
  }

  /** An image: Zalo sends its URL (and the caption typed with it, if any). */
  sendImage(options: { photo?: string; caption?: string } = {}): Promise<PushResult> {
    const photo = options.photo ?? `https://photo.zalo.test/${this.server.newInboundMessageId()}.jpg`;
    return this.push('message.image.received', { photo, ...(options.caption !== undefined ? { caption: options.caption } : {}) });
  }

  sendSticker(sticker = 'sticker-hello'): Promise<PushResult> {
    return this.push('message.sticker.received', { sticker, url: `https://sticker.zalo.test/${sticker}.png` });
  }

  /** What arrives when the user sends a file, a voice note or anything else a bot cannot read. */
  sendUnsupported(): Promise<PushResult> {
    return this.push('message.unsupported.received', {});
  }

  /** A text in a group the bot is in (the chat id is the group's, default 'zg-<user id>'). */
  sendInGroup(text: string, groupId = `zg-${this.id}`): Promise<PushResult> {
    return this.push('message.text.received', { text }, { id: groupId, chat_type: 'GROUP' });
  }

  /** What the bot sent to this chat (sendMessage / sendPhoto calls), in order. */
  inbox(): RecordedCall[] {
    return this.server.sentTo(this.id);
  }

  /** The texts (or photo captions) the bot sent to this chat. */
  texts(): string[] {
    return this.inbox().map(textOf);
  }

  /** Waits for a message to this chat, after the first `since`, whose text or caption matches. */
  expectMessage(pattern: RegExp, since = 0, timeoutMs = 10_000): Promise<RecordedCall> {
    return this.server.waitFor(() => this.inbox().slice(since).find((c) => textOf(c).search(pattern) >= 0), timeoutMs);
  }

  private push(event_name: string, content: ZaloUpdateInit['message'], chat: ZaloMessage['chat'] = { id: this.id, chat_type: 'PRIVATE' }): Promise<PushResult> {
    return this.server.pushUpdate({
      event_name,
      message: { ...content, chat, from: { id: this.id, display_name: this.name, is_bot: false } },
    });
  }
}

function textOf(call: RecordedCall): string {
  return String(call.body.text ?? call.body.caption ?? '');
}

function requireChat(body: Record<string, any>): void {
  if (typeof body.chat_id !== 'string' || !body.chat_id) throw new Refusal(400, 'Bad Request: chat_id is required');
}

async function readJsonBody(req: http.IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if (!(req.headers['content-type'] ?? '').includes('application/json')) throw new Error('content-type must be application/json');
  const value: unknown = JSON.parse(raw);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Record<string, any>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  // The client may have given up (timeout) while a scripted delay ran.
  if (res.destroyed || res.writableEnded) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
