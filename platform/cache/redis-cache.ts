import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Cache } from './cache.js';

/** How often a Redis that keeps failing is logged again (once per outage would hide a long one). */
const LOG_EVERY_MS = 30_000;

/**
 * The cache in Redis, shared by every instance. Redis being down is not an error for callers: a
 * read answers nothing (they compute), a write is skipped, and the outage is logged loudly (every
 * 30 s while it lasts) so that nobody mistakes the slower answers for normal.
 */
export function createRedisCache(redis: Redis, logger: Logger, prefix: string): Cache {
  let lastLogged = 0;
  const failed = (operation: string, error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < LOG_EVERY_MS) return;
    lastLogged = now;
    logger.error({ err: error, operation }, 'Redis cache unavailable: answering without it');
  };
  return {
    kind: 'redis',
    async get(key) {
      try {
        return (await redis.get(prefix + key)) ?? undefined;
      } catch (error) {
        failed('get', error);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      try {
        await redis.set(prefix + key, value, 'EX', ttlSeconds);
      } catch (error) {
        failed('set', error);
      }
    },
    async setIfAbsent(key, value, ttlSeconds) {
      try {
        const stored = await redis.set(prefix + key, value, 'EX', ttlSeconds, 'NX');
        if (stored === 'OK') return value;
        return (await redis.get(prefix + key)) ?? value;
      } catch (error) {
        failed('setIfAbsent', error);
        return value;
      }
    },
    async close() {
      // The Redis client belongs to whoever made it: closing the cache leaves it open.
    },
  };
}
