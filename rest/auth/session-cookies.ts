import type { CookieOptions, Response } from 'express';
import type { Config } from '../../platform/config.js';

export const ACCESS_COOKIE = 'ss_access';
export const REFRESH_COOKIE = 'ss_refresh';
/**
 * Readable by the page, and holding no secret: it only says a refresh cookie was set, so a first
 * visit does not ask `/auth/refresh` for a session nobody has (a 401 in the console every time).
 */
export const SIGNED_IN_COOKIE = 'ss_signed_in';
/** The refresh cookie goes only to the routes that use it. */
const REFRESH_PATH = '/auth';

function base(config: Config): CookieOptions {
  return { httpOnly: true, secure: config.auth.secureCookies, sameSite: 'lax' };
}

export function setSessionCookies(res: Response, config: Config, tokens: { accessToken: string; refreshToken: string; refreshExpiresAt: Date }): void {
  res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...base(config), path: '/', maxAge: config.auth.accessTokenTtlSeconds * 1000 });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...base(config), path: REFRESH_PATH, expires: tokens.refreshExpiresAt });
  res.cookie(SIGNED_IN_COOKIE, '1', { ...base(config), httpOnly: false, path: '/', expires: tokens.refreshExpiresAt });
}

export function clearSessionCookies(res: Response, config: Config): void {
  res.clearCookie(ACCESS_COOKIE, { ...base(config), path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base(config), path: REFRESH_PATH });
  res.clearCookie(SIGNED_IN_COOKIE, { ...base(config), httpOnly: false, path: '/' });
}
