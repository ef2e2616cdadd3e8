// A local HTTP server that speaks the parts of the Telegram Bot API this product uses, so
// that the real telegraf client makes real HTTP calls in tests. It keeps every call for
// assertions, serves files for getFile, long-polls getUpdates, and can be told to fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './bot-api-faults.js';

export interface RecordedCall {
  method: string;
  body: Record<string, any>;
  at: number;
}

interface Failure {
  method: string;
  chatId?: string;
  times: number;
  status: number;
  description: string;
  parameters?: Record<string, unknown>;
}

export class TelegramApiServer {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly bot = { id: 7000001, is_bot: true, first_name: 'Trợ lý HSCM', username: 'hscm_test_bot' };
  private server?: http.Server;
  private updates: any[] = [];
  private replays: any[] = [];
  private polls = 0;
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private nextFileId = 1;
  private files = new Map<string, { path: string; content: Buffer }>();
  private pollers: Array<() => void> = [];
  private failures: Failure[] = [];
  private blocked = new Set<string>();
  private listeners: Array<() => void> = [];

  /**
   * Outages: `faults.begin(['getUpdates'], { kind: 'drop' }, 15_000)`. A faulted call is counted
   * in `faults.attempts` but not recorded in `calls` (it had no effect), except a hang that ends
   * in an answer, recorded when answered.
   */
  readonly faults = new FaultInjector();

  /** 429 answers given because a limit was exceeded (not injected failures). */
  rateLimited = 0;
  /** Why each of those was refused: one chat too soon, or the second full. */
  readonly limitLog: Array<{ at: number; method: string; chatId: string; over: 'chat' | 'second' }> = [];
  private limits?: { perSecond: number; perChatGapMs: number };
  /** Times of the sends accepted in the last second. */
  private recent: number[] = [];
  private lastByChat = new Map<string, number>();

  constructor(token = '123456:TEST-token') {
    this.token = token;
  }

  /**
   * Enforces Telegram's sending limits strictly: at most `perSecond` messages in ANY 1-second
   * window (a sliding count of accepted sends, no burst allowance) and at most one message per
   * chat per `perChatGapMs`; over them, 429 with retry_after. A refused send counts for nothing.
   */
  enforceLimits(limits: { perSecond: number; perChatGapMs: number }): void {
    this.limits = limits;
    this.recent = [];
    this.lastByChat.clear();
  }

  private overLimit(method: string, chatId: unknown): number | null {
    if (!this.limits || !/^(send|edit)/.test(method)) return null;
    const now = Date.now();
    const { perSecond, perChatGapMs } = this.limits;
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
    const last = this.lastByChat.get(String(chatId));
    if (last !== undefined && now - last < perChatGapMs) {
      this.limitLog.push({ at: now, method, chatId: String(chatId), over: 'chat' });
      return Math.max(1, Math.ceil((perChatGapMs - (now - last)) / 1000));
    }
    if (this.recent.length >= perSecond) {
      this.limitLog.push({ at: now, method, chatId: String(chatId), over: 'second' });
      return 1;
    }
    this.recent.push(now);
    this.lastByChat.set(String(chatId), now);
    return null;
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
    this.faults.wakeAll();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  pushUpdate(update: Record<string, unknown>): any {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    this.pollers.splice(0).forEach((wake) => wake());
    return full;
  }

  /**
   * Delivers the same update again, even though it was confirmed: what a webhook retry or a
   * crash before confirmation does in production.
   */
  redeliver(update: any): void {
    this.replays.push(update);
    this.pollers.splice(0).forEach((wake) => wake());
  }

  /** Makes a file downloadable through getFile; returns the document fields a message carries. */
  addFile(content: Buffer, fileName: string, mimeType = 'application/octet-stream') {
    const n = this.nextFileId++;
    const fileId = `FILE-${n}-${'x'.repeat(20)}`;
    this.files.set(fileId, { path: `documents/file_${n}`, content });
    return { file_id: fileId, file_unique_id: `U${n}`, file_name: fileName, mime_type: mimeType, file_size: content.length };
  }

  /** Announces a document too large to download (getFile would refuse it). */
  bigDocument(fileName: string, size: number) {
    const n = this.nextFileId++;
    return { file_id: `BIG-${n}`, file_unique_id: `B${n}`, file_name: fileName, mime_type: 'application/pdf', file_size: size };
  }

  failNext(method: string, failure: Partial<Omit<Failure, 'method'>> = {}): void {
    this.failures.push({ method, times: 1, status: 500, description: 'Internal Server Error', ...failure });
  }

  /** The user of this chat has blocked the bot: every send to it answers 403. */
  blockChat(chatId: number | string): void {
    this.blocked.add(String(chatId));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages (sendMessage / sendDocument) sent to a chat, in order. */
  sentTo(chatId: number | string): RecordedCall[] {
    return this.calls.filter(
      (c) => (c.method === 'sendMessage' || c.method === 'sendDocument') && String(c.body.chat_id) === String(chatId),
    );
  }

  /** Resolves when `predicate` holds over the calls so far, or rejects after `timeoutMs`. */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) return this.serveFile(fileMatch[1]!, fileMatch[2]!, res);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match || match[1] !== this.token) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2]!;
    const body = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    const fault = this.faults.faultFor(method, body.chat_id);
    if (fault && (await this.faults.apply(fault, res, (status, answer) => send(res, status, answer))) === 'answered') return;
    if (method !== 'getUpdates') this.record(method, body);
    const failure = this.takeFailure(method, body);
    if (failure) {
      return send(res, failure.status, {
        ok: false, error_code: failure.status, description: failure.description, parameters: failure.parameters,
      });
    }
    const retryAfter = this.overLimit(method, body.chat_id);
    if (retryAfter !== null) {
      this.rateLimited++;
      return send(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    if (body.chat_id !== undefined && this.blocked.has(String(body.chat_id)) && method.startsWith('send')) {
      return send(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    try {
      send(res, 200, { ok: true, result: await this.answer(method, body) });
    } catch (e) {
      send(res, 400, { ok: false, error_code: 400, description: (e as Error).message });
    }
  }

  private record(method: string, body: Record<string, any>): void {
    this.calls.push({ method, body, at: Date.now() });
    this.listeners.splice(0).forEach((wake) => wake());
  }

  private takeFailure(method: string, body: Record<string, any>): Failure | undefined {
    const i = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === String(body.chat_id)));
    if (i < 0) return undefined;
    const failure = this.failures[i]!;
    if (--failure.times <= 0) this.failures.splice(i, 1);
    return failure;
  }

  private async answer(method: string, body: Record<string, any>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.bot;
      case 'getUpdates':
        return this.getUpdates(body);
      case 'sendMessage':
        return this.message(body, { text: body.text });
      case 'sendDocument':
        return this.message(body, { document: { file_id: String(body.document), file_unique_id: 'D', file_name: 'tệp' }, caption: body.caption });
      case 'editMessageText':
        return { ...this.message(body, { text: body.text }), message_id: Number(body.message_id) };
      case 'editMessageReplyMarkup':
      case 'editMessageCaption':
        return { ...this.message(body, {}), message_id: Number(body.message_id) };
      case 'getFile':
        return this.getFile(String(body.file_id));
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
      case 'sendChatAction':
        return true;
      default:
        throw new Error(`Bad Request: method ${method} is not implemented by the test server`);
    }
  }

  private async getUpdates(body: Record<string, any>): Promise<unknown[]> {
    const offset = Number(body.offset ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    this.polls++;
    this.listeners.splice(0).forEach((wake) => wake());
    if (this.replays.length > 0) return this.replays.splice(0);
    if (this.updates.length === 0) {
      const waitMs = Math.min(Number(body.timeout ?? 0), 1) * 1000;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, waitMs);
        this.pollers.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
    return [...this.replays.splice(0), ...this.updates.slice(0, Number(body.limit ?? 100))];
  }

  /** How many times the bot has called getUpdates. */
  get pollCount(): number {
    return this.polls;
  }

  /**
   * Resolves once the bot has asked for updates `count` more times. telegraf polls again only
   * after every update of the previous batch was handled, so this waits for work in flight.
   */
  async settled(count = 2): Promise<void> {
    const target = this.polls + count;
    await this.waitFor(() => this.polls >= target);
  }

  private message(body: Record<string, any>, content: Record<string, unknown>) {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(body.chat_id), type: 'private' },
      from: this.bot,
      ...content,
      ...(body.reply_markup ? { reply_markup: typeof body.reply_markup === 'string' ? JSON.parse(body.reply_markup) : body.reply_markup } : {}),
    };
  }

  private getFile(fileId: string) {
    const file = this.files.get(fileId);
    if (!file) throw new Error(fileId.startsWith('BIG-') ? 'Bad Request: file is too big' : 'Bad Request: invalid file_id');
    return { file_id: fileId, file_unique_id: 'U', file_size: file.content.length, file_path: file.path };
  }

  private serveFile(token: string, filePath: string, res: http.ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.path === filePath);
    if (token !== this.token || !file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    this.record('downloadFile', { file_path: filePath });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length });
    res.end(file.content);
  }
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw);
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (type.includes('multipart/form-data')) return parseMultipart(raw, type);
  return {};
}

/** Enough multipart parsing for telegraf's text fields (files are not uploaded by this product). */
function parseMultipart(raw: string, type: string): Record<string, string> {
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (!boundary) return {};
  const out: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const m = /name="([^"]+)"(?:; filename="([^"]*)")?[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
    if (!m) continue;
    out[m[1]!] = m[3]!;
    if (m[2] !== undefined) out[`${m[1]}_filename`] = m[2];
  }
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  // The client may have given up (a dropped or timed-out call) while the answer was prepared.
  if (res.destroyed || res.writableEnded) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
