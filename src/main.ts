// Entry point of `npm start`: the product, or the roles PROCESS_ROLES names, in one process.
// SIGTERM/SIGINT stop it gracefully (see RunningProduct.stop); exit 0 once done.
import { ConfigError, loadConfig, loadDotEnv } from './config/config.js';
import { SchemaBehindError } from './db/schema-version.js';
import { createLogger } from './infra/logger.js';
import { PortUnavailableError, startProduct } from './product.js';

loadDotEnv();
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT });
// Signals are taken from the first moment: one that comes while the product starts stops it as
// soon as it has started (its own Redis runs in a process group of its own, so a default death
// here would leave that running).
let product: Awaited<ReturnType<typeof startProduct>> | undefined;
let stopRequested: string | undefined;
let stopping = false;
const shutdown = (signal: string) => {
  if (!product) {
    stopRequested ??= signal;
    logger.info({ signal }, 'stop requested while starting: stopping as soon as started');
    return;
  }
  if (stopping) return;
  stopping = true;
  logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'stopping: finishing requests and jobs in hand');
  // Whatever still hangs past the timeout (and a little for closing) must not keep the process.
  setTimeout(() => {
    logger.error('shutdown timed out; exiting anyway');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS + 10_000).unref();
  void product.stop().then(() => {
    logger.info('stopped');
    process.exit(0);
  });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
try {
  product = await startProduct(config, logger);
  // The last start-up line: where to go, and how to stop (a first run reads nothing else).
  const admin = `${config.PUBLIC_URL.replace(/\/$/, '')}/login`;
  logger.info(
    { admin, pid: process.pid },
    product.adminPages
      ? `HSCM Assistant is running. Web admin: ${admin} — stop with Ctrl-C (or SIGTERM to pid ${process.pid})`
      : `HSCM Assistant is running (no web admin in this process's roles) — stop with Ctrl-C (or SIGTERM to pid ${process.pid})`,
  );
  if (stopRequested) shutdown(stopRequested);
} catch (error) {
  if (error instanceof SchemaBehindError || error instanceof PortUnavailableError) {
    console.error(`HSCM Assistant cannot start: ${error.message}`);
    process.exit(1);
  }
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
