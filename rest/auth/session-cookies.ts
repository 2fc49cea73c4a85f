import type { CookieOptions, Response } from 'express';
import type { Config } from '../../platform/config.js';

export const ACCESS_COOKIE = 'ss_access';
export const REFRESH_COOKIE = 'ss_refresh';
/** The refresh cookie goes only to the routes that use it. */
const REFRESH_PATH = '/auth';

function base(config: Config): CookieOptions {
  return { httpOnly: true, secure: config.auth.secureCookies, sameSite: 'lax' };
}

export function setSessionCookies(res: Response, config: Config, tokens: { accessToken: string; refreshToken: string; refreshExpiresAt: Date }): void {
  res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...base(config), path: '/', maxAge: config.auth.accessTokenTtlSeconds * 1000 });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...base(config), path: REFRESH_PATH, expires: tokens.refreshExpiresAt });
}

export function clearSessionCookies(res: Response, config: Config): void {
  res.clearCookie(ACCESS_COOKIE, { ...base(config), path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base(config), path: REFRESH_PATH });
}
