import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../platform/app-error.js';

/** Where a limit's counts live: this process's memory, or Redis shared by every instance (under the deployment's key prefix). */
export type LimitStore = { kind: 'memory' } | { kind: 'redis'; redis: Redis; keyPrefix: string };

/**
 * A budget per key (`keyOf`), counted in the store: with Redis, every instance draws on one budget,
 * so a client cannot multiply it by spreading requests over instances. While Redis is unreachable
 * each process falls back to its own memory counts (the insurance limiter): limits stay, per
 * process, rather than failing the request or letting everything through.
 */
function limiterFor(store: LimitStore, options: { points: number; durationSeconds: number; name: string }): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds, keyPrefix: options.name });
  if (store.kind === 'memory') return memory;
  return new RateLimiterRedis({ storeClient: store.redis, points: options.points, duration: options.durationSeconds, keyPrefix: `${store.keyPrefix}limit:${options.name}`, rejectIfRedisNotReady: true, insuranceLimiter: memory });
}

export function rateLimit(options: { points: number; durationSeconds: number; keyOf: (req: Request) => string; name: string; onLimited?: (name: string) => void; store?: LimitStore | undefined }) {
  const limiter = limiterFor(options.store ?? { kind: 'memory' }, options);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const result = await limiter.consume(options.keyOf(req));
      res.setHeader('RateLimit-Remaining', String(result.remainingPoints));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      options.onLimited?.(options.name);
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      throw new AppError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`);
    }
    next();
  };
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
