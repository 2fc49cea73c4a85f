import type { NextFunction, Request, Response } from 'express';
import { comesFromOurOrigin } from '../../identity/origin-policy.js';
import { AppError } from '../../platform/app-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along with cross-site requests, so a change authenticated by a cookie must come
 * from one of our origins (Origin header, or Referer where a browser omits it). Bearer and
 * API-key requests are not sent by browsers on their own and need no check. The decision
 * itself is `identity/origin-policy.ts`, shared with the collab server's upgrades.
 */
export function requireSameOrigin(allowedOrigins: () => readonly string[], usesCookies: (req: Request) => boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || !usesCookies(req)) return next();
    if (!comesFromOurOrigin({ origin: req.get('origin'), referer: req.get('referer') }, allowedOrigins(), { refererFallback: true })) {
      throw new AppError('CSRF_FAILED', 'A cookie-authenticated change must come from this application (Origin header missing or foreign).');
    }
    next();
  };
}
