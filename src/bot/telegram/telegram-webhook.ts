// Telegram's webhook behind Express: a request without the right secret header is refused
// before anything is parsed.
import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../infra/logger.js';
import { TELEGRAM_WEBHOOK_PATH } from './telegram-bot.js';
import { UpdateInProgress } from '../conversation/handle-inbound.js';

export function telegramWebhookRouter(bot: Telegraf, secret: string, logger: Logger): Router {
  const router = express.Router();
  router.post(TELEGRAM_WEBHOOK_PATH, (req, res, next) => {
    const given = req.get('x-telegram-bot-api-secret-token') ?? '';
    if (!sameSecret(given, secret)) {
      logger.warn({ ip: req.ip }, 'telegram webhook: wrong or missing secret');
      res.status(403).end();
      return;
    }
    next();
  }, express.json({ limit: '1mb' }), async (req, res) => {
    const update = req.body as Update;
    if (typeof update?.update_id !== 'number') {
      res.status(400).end();
      return;
    }
    try {
      await bot.handleUpdate(update);
      res.status(200).end();
    } catch (error) {
      if (error instanceof UpdateInProgress) {
        logger.warn({ updateId: update.update_id }, 'telegram webhook: update in hand elsewhere; asking for it again');
        res.status(503).setHeader('Retry-After', '5').end();
        return;
      }
      // Telegram retries non-2xx answers; updates are de-duplicated, so a retry is safe.
      logger.error({ err: error }, 'telegram webhook update failed');
      res.status(500).end();
    }
  });
  return router;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
