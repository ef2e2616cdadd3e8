// The web server's Express app: health, the public home page, chat webhooks, the upload page
// and the admin pages. Only src/product.ts listens; tests drive a listening copy.
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { isAppError } from '../core/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { AdminDeps } from './admin-deps.js';
import { adminRouter } from './admin-router.js';
import { authRouter } from './auth/auth-routes.js';
import { checkOrigin, loadViewer } from './auth/guard.js';
import { cookiePolicy } from './cookies.js';
import { clientErrorOf } from './request-body.js';
import { renderHome } from './home-page.js';
import { html, page } from './html.js';
import { httpStatusOf } from './http-status.js';
import { sectionsFor } from './layout.js';

export interface AppDeps extends AdminDeps {
  /** Answers whether Redis is reachable, for /health. */
  pingRedis: () => Promise<boolean>;
  channels: { telegram: boolean; zalo: boolean };
  /** Routes of other parts of the product (chat webhooks, upload page), mounted before the admin. */
  routers?: Router[];
  /** Serve the home page, sign-in and admin pages (the `web` role); default true. */
  adminPages?: boolean;
  /** True while the process stops: /ready says 503 and new requests are sent elsewhere. */
  draining?: () => boolean;
  /** Delivers queued chat messages now (sign-in unlock codes). */
  kickOutbox?: () => void;
  /** Proxies allowed to name the client's address (Express `trust proxy`); default none. */
  trustProxy?: false | number | string[];
}

/** A check that does not answer within this time counts as failed (a probe must answer). */
const PROBE_TIMEOUT_MS = 3000;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip: the connection's address, or the one a configured proxy forwarded (TRUST_PROXY).
  app.set('trust proxy', deps.trustProxy ?? false);
  const cookies = cookiePolicy(deps.publicUrl);
  app.locals.cookiePolicy = cookies;
  app.use(securityHeaders(cookies.secure));

  const draining = deps.draining ?? (() => false);
  const dependencies = async () => {
    const [database, redis, storage] = await Promise.all([
      withinProbeTime(deps.db.$queryRaw`SELECT 1`),
      withinProbeTime(deps.pingRedis()),
      withinProbeTime(deps.fileStore.ping()),
    ]);
    return { database, redis, storage };
  };
  // Liveness (and what the product said before /ready existed): are the database, Redis and the file store there.
  app.get('/health', async (_req, res) => {
    const { database, redis, storage } = await dependencies();
    const ok = database && redis && storage;
    res.status(ok ? 200 : 503).json({ ok, database, redis, storage, channels: deps.channels });
  });
  // Readiness, for a load balancer: send work here only while this answers 200.
  app.get('/ready', async (_req, res) => {
    const { database, redis, storage } = await dependencies();
    const stopping = draining();
    const ready = database && redis && storage && !stopping;
    res.status(ready ? 200 : 503).json({ ready, database, redis, storage, draining: stopping });
  });
  // A stopping process takes no new chat updates: the platform (or the balancer) retries them elsewhere.
  app.use((req, res, next) => {
    if (!draining() || req.method !== 'POST' || !/\/webhook$/.test(req.path)) return next();
    res.setHeader('Retry-After', '1');
    res.status(503).end();
  });
  if (deps.adminPages === false) {
    for (const router of deps.routers ?? []) app.use(router);
    app.use((_req, res) => void res.status(404).type('text').send('Không tìm thấy.'));
    app.use(errorHandler(deps.logger));
    return app;
  }

  // Browsers and bookmarks ask for /favicon.ico whatever the page says: point them at the icon.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/assets/favicon.svg'));
  app.use('/assets', express.static(fileURLToPath(new URL('./assets', import.meta.url)), { maxAge: '1h', index: false }));
  app.use(checkOrigin(deps.publicUrl));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(loadViewer(deps.db, deps.now));
  app.get('/', async (_req, res) => {
    const viewer = res.locals.viewer as Parameters<typeof sectionsFor>[0] | undefined;
    if (viewer) return res.redirect(303, sectionsFor(viewer)[0]!.href);
    const [schools, staff, plans] = await Promise.all([
      deps.db.school.count({ where: { active: true } }),
      deps.db.staff.count({ where: { active: true } }),
      deps.db.plan.count(),
    ]);
    res.type('html').send(renderHome({ schools, staff, plans, channels: deps.channels }));
  });
  app.use(authRouter({ db: deps.db, now: deps.now, logger: deps.logger, kickOutbox: deps.kickOutbox }));
  app.use(adminRouter(deps));
  app.use((_req, res) => {
    res.status(404).type('html').send(page('Không tìm thấy', html`<div class="card"><p>Không tìm thấy trang này.</p><p><a href="/">Về trang chính</a></p></div>`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

function withinProbeTime(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(r, PROBE_TIMEOUT_MS, false)));
  return Promise.race([check.then((v) => v !== false, () => false), late]).finally(() => clearTimeout(timer));
}

/**
 * Pages are ours alone: no framing (clickjacking), no inline script from elsewhere, no sniffing.
 * Nothing but the static assets is kept by a browser or a proxy (admin pages, downloads and the
 * /u/ and /r/ link pages hold people's data); over https, browsers are told to stay on https.
 */
const securityHeaders = (https: boolean): express.RequestHandler => (req, res, next) => {
  if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
  if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  next();
};

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (isAppError(error)) return void sendError(req, res, httpStatusOf(error.code), error.userMessage);
    // The request was wrong (a body that is not the route's form, malformed, too large): the
    // client is told in Vietnamese; the log notes it without a stack, it is not our failure.
    const client = clientErrorOf(error);
    if (client) {
      logger.warn({ method: req.method, path: req.path, status: client.status, contentType: req.headers['content-type'], reason: (error as Error).message }, 'refused a malformed request');
      return void sendError(req, res, client.status, client.message);
    }
    logger.error({ err: error }, 'unhandled web error');
    sendError(req, res, 500, 'Đã có lỗi xảy ra. Vui lòng thử lại hoặc liên hệ tổ hỗ trợ.');
  };
}

/** The error page (or its sentence, for a client that does not read HTML). */
function sendError(req: express.Request, res: express.Response, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  if (req.accepts(['html', 'text']) === 'html') {
    res.status(status).type('html').send(page('Không thực hiện được', html`<div class="card"><p class="error">${message}</p><p><a href="/">Về trang chính</a></p></div>`));
  } else {
    res.status(status).type('text').send(message);
  }
}
