import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * The Redis client of a process (REDIS_URL), made where the process is composed and passed in.
 * Commands fail at once while Redis is unreachable (no offline queue, one retry) so that callers
 * fall back instead of waiting; the client keeps reconnecting in the background, backing off up to
 * 5 s, and says so in the log when it drops and when it is back.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let down = false;
  redis.on('ready', () => {
    if (down) logger.warn('Redis is reachable again');
    down = false;
  });
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: error }, 'Redis unreachable: shared caches fall back to computing each answer');
  });
  return redis;
}
