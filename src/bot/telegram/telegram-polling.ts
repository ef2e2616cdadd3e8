// Long polling that outlives the Bot API's bad moments. telegraf's own polling (`launch`)
// retries 5xx, 429 and network errors, but ends for good on anything else — a 409 Conflict
// while another instance still polls during a rolling restart, a proxy's HTML error page, a
// body cut short — and so does `launch` when getMe or deleteWebhook fail at start: the bot
// then stays deaf until the process restarts. This loop retries every failure with backoff
// (honouring retry_after), handles each batch before asking for the next, and on stop waits
// for the batch in hand, as the Zalo poller does.
import { TelegramError, type Telegraf, type Types } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Backoff } from '../../infra/backoff.js';
import type { Logger } from '../../infra/logger.js';
import { PollLoop } from '../poll-loop.js';

/** telegraf types the signal as its abort-controller polyfill's; node-fetch takes the native one. */
type CallOptions = NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>;
const withSignal = (signal: AbortSignal) => ({ signal }) as unknown as CallOptions;

export interface TelegramPollerOptions {
  allowedUpdates: Types.UpdateType[];
  /** Seconds one long poll waits on Telegram's side. Default 50, as telegraf. */
  pollSeconds?: number;
  /** Done once before the first poll, retried like a poll (the command menu). */
  setUp?: () => Promise<void>;
  /** Pause between failed polls (a retry_after from Telegram wins). Default 1 s doubling to 30 s. */
  backoff?: Backoff;
}

export class TelegramPoller {
  private readonly loop: PollLoop;
  private offset = 0;
  private ready = false;

  constructor(
    private readonly bot: Telegraf,
    private readonly logger: Logger,
    private readonly options: TelegramPollerOptions,
  ) {
    this.loop = new PollLoop({
      name: 'telegram',
      logger,
      backoff: options.backoff,
      retryAfterMs,
      step: async (signal) => {
        await this.prepare();
        await this.handle(await this.poll(signal));
      },
      finish: () => this.confirm(),
    });
  }

  start(): void {
    this.loop.start();
  }

  /**
   * Ends the poll in flight, waits for the updates being handled (at most 15 s: unconfirmed
   * updates come again and are recognised), and confirms them to Telegram.
   */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** What `launch` did once: learn the bot's name (link-code sheets need it) and clear any webhook. */
  private async prepare(): Promise<void> {
    if (this.ready) return;
    this.bot.botInfo ??= await this.bot.telegram.getMe();
    await this.bot.telegram.deleteWebhook();
    await this.options.setUp?.();
    this.ready = true;
    this.logger.info({ bot: this.bot.botInfo.username }, 'telegram: long polling');
  }

  private async poll(signal: AbortSignal): Promise<Update[]> {
    const payload = { timeout: this.options.pollSeconds ?? 50, offset: this.offset, allowed_updates: this.options.allowedUpdates };
    return this.bot.telegram.callApi('getUpdates', payload, withSignal(signal));
  }

  /**
   * Handles a batch at once, as telegraf does. The offset moves past the batch whatever
   * happened: a failing update is answered by the bot's error handler, not retried forever.
   */
  private async handle(updates: Update[]): Promise<void> {
    if (updates.length === 0) return;
    const results = await Promise.allSettled(updates.map((u) => this.bot.handleUpdate(u)));
    this.offset = updates[updates.length - 1]!.update_id + 1;
    for (const r of results) if (r.status === 'rejected') this.logger.error({ err: r.reason }, 'telegram update not handled');
  }

  /** Telegram forgets updates only when asked past them: tell it what was handled before stopping. */
  private async confirm(): Promise<void> {
    if (this.offset === 0) return;
    await this.bot.telegram
      .callApi('getUpdates', { offset: this.offset, limit: 1, timeout: 0 }, withSignal(AbortSignal.timeout(5_000)))
      .catch(() => undefined);
  }
}

function retryAfterMs(error: unknown): number | undefined {
  const seconds = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}
