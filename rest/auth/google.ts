import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import passport from 'passport';
import { type Profile, Strategy as GoogleStrategy, type VerifyCallback } from 'passport-google-oauth20';
import type { ExternalIdentity } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { runPassport } from './run-passport.js';
import { signInAndRespond } from './sign-in.js';

const STATE_COOKIE = 'ss_oauth_state';
const STATE_PATH = '/auth/google';
const STATE_TTL_MS = 10 * 60 * 1000;
const STRATEGY = 'google';

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyStateCallback = (error: Error | null, ok: boolean, info?: { message: string }) => void;

/**
 * No server-side session exists, so the OAuth `state` nonce lives in a short-lived httpOnly
 * cookie set when sign-in starts and compared on the callback: a callback that did not start
 * in this browser is refused (login CSRF).
 */
function cookieStateStore(secure: boolean) {
  return {
    store(req: Request, callback: StoreCallback) {
      const state = randomBytes(24).toString('base64url');
      req.res!.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure, path: STATE_PATH, maxAge: STATE_TTL_MS });
      callback(null, state);
    },
    verify(req: Request, provided: string, callback: VerifyStateCallback) {
      const expected = (req.cookies as Record<string, string | undefined> | undefined)?.[STATE_COOKIE];
      req.res!.clearCookie(STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: STATE_PATH });
      const ok = Boolean(expected) && typeof provided === 'string' && expected!.length === provided.length && timingSafeEqual(Buffer.from(expected!), Buffer.from(provided));
      callback(null, ok, ok ? undefined : { message: 'The sign-in state does not match; start again.' });
    },
  };
}

function toIdentity(profile: Profile): ExternalIdentity {
  const json = profile._json as { email?: string; email_verified?: boolean | string; picture?: string };
  const email = json.email ?? profile.emails?.[0]?.value;
  if (!email) throw new AppError('UNAUTHORIZED', 'Google did not share an email address.');
  return {
    provider: 'google',
    subject: profile.id,
    email,
    emailVerified: json.email_verified === true || json.email_verified === 'true',
    name: profile.displayName,
    avatarUrl: json.picture ?? profile.photos?.[0]?.value,
  };
}

/** `/auth/google/login` and `/auth/google/callback` through passport-google-oauth20, with a private passport instance. */
export function googleRouter(deps: RestDependencies): Router {
  const router = Router();
  const google = deps.config.auth.google;
  const authenticator = new passport.Passport();
  if (google) {
    authenticator.use(
      STRATEGY,
      new GoogleStrategy(
        {
          clientID: google.clientId,
          clientSecret: google.clientSecret,
          authorizationURL: google.authorizationUrl,
          tokenURL: google.tokenUrl,
          userProfileURL: google.userInfoUrl,
          // Replaced per request: the public URL is known only once the server listens.
          callbackURL: '/auth/google/callback',
          store: cookieStateStore(deps.config.auth.secureCookies) as never,
        },
        (_accessToken: string, _refreshToken: string, profile: Profile, done: VerifyCallback) => {
          try {
            done(null, { identity: toIdentity(profile) });
          } catch (error) {
            done(error as Error);
          }
        },
      ),
    );
  }

  const authenticate = (req: Request, res: Response) =>
    runPassport(authenticator, STRATEGY, { scope: ['openid', 'email', 'profile'], callbackURL: `${deps.publicUrl()}/auth/google/callback` }, req, res, 'Google');

  const requireGoogle = () => {
    if (!google) throw new AppError('NOT_FOUND', 'Google sign-in is not configured.');
  };

  const start = async (req: Request, res: Response) => {
    requireGoogle();
    await authenticate(req, res);
  };
  router.post('/google/login', start);
  router.get('/google/login', start);

  router.get('/google/callback', async (req, res) => {
    requireGoogle();
    if (typeof req.query.error === 'string') throw new AppError('UNAUTHORIZED', `Google sign-in was cancelled (${req.query.error}).`);
    const identity = await authenticate(req, res);
    if (identity) await signInAndRespond(deps, req, res, identity);
  });

  return router;
}
