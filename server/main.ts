import { ensureWebClient, webClientState } from '../web/build.js';
import { type Config, ConfigError, loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/open-database.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { routeConsoleToLogger } from '../platform/console-to-logger.js';
import { exitOnSignals } from './shutdown.js';

/** Entry point of `npm start`: config first (one clear line when it is wrong), then the roles. */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Development builds the browser client when it is missing or stale (what `npm start` on a fresh
 * clone needs); production only says when it is missing (the image builds it; a server should
 * not run a bundler); tests never touch it (many servers start at once, the e2e suite builds).
 * A failed build leaves the API serving: the error says what to run.
 */
async function prepareWebClient(config: Config, logger: Logger): Promise<void> {
  if (!config.roles.has('api') || config.nodeEnv === 'test') return;
  if (config.nodeEnv === 'production') {
    if (webClientState() === 'missing') logger.warn('the web client is not built (web/dist is missing): / answers 404; run npm run build');
    return;
  }
  try {
    await ensureWebClient((message, fields) => logger.info(fields ?? {}, message), { inChild: true });
  } catch (error) {
    logger.error({ err: error }, 'building the web client failed: the API runs without it; fix the error and run npm run build');
  }
}

let config;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

const logger = createLogger(config);
routeConsoleToLogger(logger);
try {
  // A needed web build starts first, in its own process, and runs beside everything else here:
  // loading the app's modules (imported below, not above, for that) and opening the database.
  // The app opens only when both are done, so `/` serves a complete client from the first request.
  const webClient = prepareWebClient(config, logger);
  const { startApp } = await import('./app.js');
  const [db] = await Promise.all([openDatabase(config.database, logger), webClient]);
  const app = await startApp(config, logger, { db });
  exitOnSignals(app.stop, config.shutdownTimeoutMs, logger);
  app.migrated.catch(async (error: unknown) => {
    // A migration that cannot apply, or a vault master key that does not open what is stored.
    logger.fatal({ err: error }, 'cannot start after opening the database');
    await app.stop().catch(() => {});
    fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  });
} catch (error) {
  logger.fatal({ err: error }, 'cannot start');
  logger.flush?.();
  fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
}
