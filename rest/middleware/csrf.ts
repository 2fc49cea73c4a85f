import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../app-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along with cross-site requests, so a change authenticated by a cookie must come
 * from one of our origins (Origin header, or Referer where a browser omits it). Bearer and
 * API-key requests are not sent by browsers on their own and need no check.
 */
export function requireSameOrigin(allowedOrigins: () => readonly string[], usesCookies: (req: Request) => boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || !usesCookies(req)) return next();
    const origin = req.get('origin') ?? originOf(req.get('referer'));
    if (!origin || !allowedOrigins().includes(origin)) {
      throw new AppError('CSRF_FAILED', 'A cookie-authenticated change must come from this application (Origin header missing or foreign).');
    }
    next();
  };
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
