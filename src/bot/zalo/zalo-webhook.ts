// Zalo's webhook behind Express: a request without the right X-Bot-Api-Secret-Token is refused
// before its body is read. Zalo retries an update answered with an error; updates are
// de-duplicated by message id, so a retry is safe.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from '../../infra/logger.js';
import { ZALO_WEBHOOK_PATH, type ZaloBot } from './zalo-bot.js';
import { UpdateInProgress } from '../conversation/handle-inbound.js';

export function zaloWebhookRouter(bot: ZaloBot, secret: string, logger: Logger): Router {
  const router = express.Router();
  router.post(ZALO_WEBHOOK_PATH, (req, res, next) => {
    if (!sameSecret(req.get('x-bot-api-secret-token') ?? '', secret)) {
      logger.warn({ ip: req.ip }, 'zalo webhook: wrong or missing secret');
      res.status(403).end();
      return;
    }
    next();
  }, express.json({ limit: '256kb' }), async (req, res) => {
    const update = unwrap(req.body);
    if (!update) {
      res.status(400).end();
      return;
    }
    try {
      await bot.handleUpdate(update);
      res.status(200).json({ ok: true });
    } catch (error) {
      if (error instanceof UpdateInProgress) {
        logger.warn('zalo webhook: update in hand elsewhere; asking for it again');
        res.status(503).setHeader('Retry-After', '5').end();
        return;
      }
      logger.error({ err: error }, 'zalo webhook update failed');
      res.status(500).end();
    }
  });
  return router;
}

/** An update, sent bare or (as some SDKs show it) wrapped like an API answer `{ ok, result }`. */
function unwrap(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const inner = (body as { result?: unknown }).result;
  const update = typeof (body as { event_name?: unknown }).event_name === 'string' ? body : inner;
  return typeof update === 'object' && update !== null && typeof (update as { event_name?: unknown }).event_name === 'string' ? (update as Record<string, unknown>) : null;
}

/** The secret Zalo echoes in X-Bot-Api-Secret-Token; derived from the token unless configured. */
export function zaloWebhookSecret(token: string, configured?: string): string {
  return configured ?? createHash('sha256').update(`hscm-zalo-webhook:${token}`).digest('base64url');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
