import cookieParser from 'cookie-parser';
import { type Request, Router } from 'express';
import type { RestDependencies } from '../dependencies.js';
import { requireSameOrigin } from '../middleware/csrf.js';
import { clientIp, rateLimit } from '../middleware/rate-limit.js';
import { devLoginRouter } from './dev-login.js';
import { googleRouter } from './google.js';
import { samlRouter } from './saml.js';
import { ACCESS_COOKIE, REFRESH_COOKIE } from './session-cookies.js';
import { sessionRouter } from './session-routes.js';
import { shareLinkRouter } from './share-link-routes.js';

const SIGN_IN_PATH = /\/(login|callback|refresh|open)(\/|$)/;

/**
 * Whether the Origin check applies: whenever a session cookie rides along, whatever else the
 * request carries. An Authorization header does not make the cookie irrelevant on `/auth`:
 * `/logout` revokes the refresh cookie's session even when the header names nobody, `/refresh`
 * rotates the refresh cookie when the body has no token, and every sign-in replaces the
 * cookies. One rule for the router is easier to trust than one per route. Scripts that send
 * only a Bearer header or a body token carry no cookie and need no Origin.
 */
function carriesSessionCookie(req: Request): boolean {
  const cookies = req.cookies as Record<string, string | undefined> | undefined;
  return Boolean(cookies?.[ACCESS_COOKIE] || cookies?.[REFRESH_COOKIE]);
}

/** `/auth/*`: sign-in methods, sessions and the profile, behind a per-IP rate limit. */
export function authRouter(deps: RestDependencies, allowedOrigins: () => readonly string[]): Router {
  const router = Router();
  router.use(cookieParser());
  // Sign-in and refresh are what brute force targets; reading one's profile is not limited here.
  const limited = rateLimit({ name: 'auth', store: deps.limitStore, points: deps.config.rateLimits.authPerMinute, durationSeconds: 60, keyOf: clientIp, onLimited: (name) => deps.metrics?.rateLimited.inc({ limiter: name }) });
  router.use((req, res, next) => (SIGN_IN_PATH.test(req.path) ? limited(req, res, next) : next()));
  router.use(requireSameOrigin(allowedOrigins, carriesSessionCookie));
  router.use(devLoginRouter(deps));
  router.use(googleRouter(deps));
  router.use(samlRouter(deps));
  router.use(sessionRouter(deps));
  router.use(shareLinkRouter(deps));
  return router;
}
