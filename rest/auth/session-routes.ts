import { type Request, Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import { findSessionByRefreshToken, revokeSession, rotateRefreshToken } from '../../identity/sessions.js';
import { getUserById, updateProfile } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { authenticate, bearerToken, requireUser } from '../middleware/authenticate.js';
import { clientIp } from '../middleware/rate-limit.js';
import { isStorableText } from '../text.js';
import { parse } from '../validate.js';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSessionCookies, setSessionCookies } from './session-cookies.js';
import { displayName } from './schemas.js';

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).strict();
export const profileBody = z
  .object({
    name: displayName.optional(),
    avatarUrl: z.url({ protocol: /^https?$/ }).max(2048).refine(isStorableText, 'must not contain NUL characters or unpaired surrogates').nullable().optional(),
    /** Their colour on every board (`#rrggbb`); null goes back to the one derived from their id. */
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3366cc')
      .transform((value) => value.toLowerCase())
      .nullable()
      .optional(),
  })
  .strict()
  .refine((value) => value.name !== undefined || value.avatarUrl !== undefined || value.color !== undefined, 'give name, avatarUrl or color');

function presentedRefreshToken(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, string | undefined> | undefined;
  return parse(refreshBody, req.body).refreshToken ?? cookies?.[REFRESH_COOKIE];
}

/** Refresh, logout and the profile. */
export function sessionRouter(deps: RestDependencies): Router {
  const router = Router();

  router.post('/refresh', async (req, res) => {
    const presented = presentedRefreshToken(req);
    if (!presented) throw new AppError('UNAUTHORIZED', 'No refresh token was presented.');
    const result = await deps.db.transaction(async (tx) => {
      const rotated = await rotateRefreshToken(tx, presented, deps.config.auth.refreshTokenTtlDays);
      if (rotated.outcome === 'reused') {
        await recordAudit(tx, { action: 'auth.refresh_token_reused', actorUserId: rotated.userId, target: rotated.sessionId, ip: clientIp(req) });
      }
      return rotated;
    });
    switch (result.outcome) {
      case 'invalid':
        clearSessionCookies(res, deps.config);
        throw new AppError('UNAUTHORIZED', 'The refresh token is invalid or expired; sign in again.');
      case 'reused':
        // Committed: its open sockets close now, as its access tokens already fail on REST.
        deps.identity.events.emit({ type: 'sessionEnded', projectId: null, userId: result.userId, sessionId: result.sessionId });
        clearSessionCookies(res, deps.config);
        req.log.warn({ userId: result.userId, sessionId: result.sessionId }, 'refresh token reused: session revoked');
        throw new AppError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; the session has been ended for safety. Sign in again.');
      case 'rotated': {
        const user = await getUserById(deps.db, result.userId);
        const accessToken = await deps.identity.tokens.sign({ userId: result.userId, sessionId: result.token.sessionId });
        setSessionCookies(res, deps.config, { accessToken, refreshToken: result.token.refreshToken, refreshExpiresAt: result.token.expiresAt });
        sendData(res, { user, accessToken, refreshToken: result.token.refreshToken, tokenType: 'Bearer', expiresIn: deps.identity.tokens.ttlSeconds });
        return;
      }
    }
  });

  router.post('/logout', async (req, res) => {
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    const verified = await deps.identity.verifier.verify({ bearerToken: bearerToken(req), cookieToken: cookies?.[ACCESS_COOKIE] });
    const presented = presentedRefreshToken(req);
    const fromRefresh = presented ? await findSessionByRefreshToken(deps.db, presented) : null;
    const session =
      verified?.principal.type === 'user' ? { sessionId: verified.principal.sessionId, userId: verified.principal.user.id } : fromRefresh;
    if (session) {
      await deps.db.transaction(async (tx) => {
        await revokeSession(tx, session.sessionId, 'logout');
        await recordAudit(tx, { action: 'auth.sign_out', actorUserId: session.userId, target: session.sessionId, ip: clientIp(req) });
      });
      // After commit, and even when the session had already ended: closing a straggler twice does no harm.
      deps.identity.events.emit({ type: 'sessionEnded', projectId: null, userId: session.userId, sessionId: session.sessionId });
    }
    clearSessionCookies(res, deps.config);
    sendData(res, { signedOut: session !== null });
  });

  router.get('/user/profile', authenticate(deps.identity.verifier), (req, res) => {
    sendData(res, requireUser(req));
  });

  router.put('/user/profile', authenticate(deps.identity.verifier), async (req, res) => {
    const user = requireUser(req);
    const input = parse(profileBody, req.body);
    sendData(res, await updateProfile(deps.db, user.id, input));
  });

  return router;
}
