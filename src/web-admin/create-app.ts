// The web admin's Express app. Only src/main.ts listens; tests drive the app directly.
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';
import { isAppError } from '../core/app-error.js';
import { renderHome } from './home-page.js';
import { html, page } from './html.js';

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** Answers whether Redis is reachable, for /health. */
  pingRedis: () => Promise<boolean>;
  channels: { telegram: boolean; zalo: boolean };
  /** Routes of other parts of the product (chat webhooks), mounted before the error handler. */
  routers?: Router[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', async (_req, res) => {
    const [database, redis] = await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(() => true, () => false),
      deps.pingRedis().catch(() => false),
    ]);
    const ok = database && redis;
    res.status(ok ? 200 : 503).json({ ok, database, redis, channels: deps.channels });
  });

  app.get('/', async (_req, res) => {
    const counts = await Promise.all([
      deps.db.school.count({ where: { active: true } }),
      deps.db.staff.count({ where: { active: true } }),
      deps.db.plan.count(),
    ]);
    res.type('html').send(renderHome({ schools: counts[0], staff: counts[1], plans: counts[2], channels: deps.channels }));
  });

  for (const router of deps.routers ?? []) app.use(router);
  app.use((_req, res) => {
    res.status(404).type('html').send(page('Không tìm thấy', html`<div class="card"><p>Không tìm thấy trang này.</p></div>`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (isAppError(error)) {
      const status = { NOT_FOUND: 404, FORBIDDEN: 403 }[error.code as string] ?? 400;
      res.status(status).type('text').send(error.userMessage);
      return;
    }
    logger.error({ err: error }, 'unhandled web error');
    res.status(500).type('text').send('Đã có lỗi xảy ra. Vui lòng thử lại hoặc liên hệ tổ hỗ trợ.');
  };
}
