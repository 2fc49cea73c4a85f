import { format } from 'node:util';
import type { Logger } from './logger.js';

/**
 * Libraries that print with `console` (Hocuspocus reports extension errors with console.error,
 * pg-boss and others warn there) would bypass the structured log: their lines lose the level,
 * the time and the JSON shape. In the server process every console line goes through pino.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const log = logger.child({ source: 'console' });
  console.error = (...args: unknown[]) => log.error(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.log = (...args: unknown[]) => log.info(format(...args));
  console.debug = (...args: unknown[]) => log.debug(format(...args));
}
