import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { exitOnSignals } from './shutdown.js';

/** Entry point of `npm start`: config first (one clear line when it is wrong), then the roles. */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

const logger = createLogger(config);
try {
  const app = await startApp(config, logger);
  exitOnSignals(app.stop, config.shutdownTimeoutMs, logger);
  app.migrated.catch(async (error: unknown) => {
    logger.fatal({ err: error }, 'cannot migrate the database');
    await app.stop().catch(() => {});
    fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  });
} catch (error) {
  logger.fatal({ err: error }, 'cannot start');
  logger.flush?.();
  fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
}
