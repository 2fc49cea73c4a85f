import type { Request, Response } from 'express';
import { recordAudit } from '../../identity/audit.js';
import { startSession } from '../../identity/sessions.js';
import { type ExternalIdentity, UnverifiedEmailError, type User, upsertUserByIdentity } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';
import { sendData } from '../envelope.js';
import type { RestDependencies } from '../dependencies.js';
import { clientIp } from '../middleware/rate-limit.js';
import { setSessionCookies } from './session-cookies.js';

export interface SignInResult {
  user: User;
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Every sign-in method ends here: the user is found, linked by verified email or created; a
 * session starts; cookies are set; and the tokens are also returned for non-browser clients.
 */
export async function completeSignIn(deps: RestDependencies, req: Request, res: Response, identity: ExternalIdentity): Promise<SignInResult> {
  const { user, session } = await deps.db
    .transaction(async (tx) => {
      const { user, created } = await upsertUserByIdentity(tx, identity);
      const session = await startSession(tx, { userId: user.id, provider: identity.provider, ttlDays: deps.config.auth.refreshTokenTtlDays });
      await recordAudit(tx, {
        action: 'auth.sign_in',
        actorUserId: user.id,
        target: user.id,
        details: { provider: identity.provider, newUser: created },
        ip: clientIp(req),
      });
      return { user, session };
    })
    .catch((error: unknown) => {
      if (error instanceof UnverifiedEmailError) throw new AppError('EMAIL_NOT_VERIFIED', 'Your identity provider has not verified this email address.');
      throw error;
    });
  const accessToken = await deps.identity.tokens.sign({ userId: user.id, sessionId: session.sessionId });
  setSessionCookies(res, deps.config, { accessToken, refreshToken: session.refreshToken, refreshExpiresAt: session.expiresAt });
  req.log.info({ userId: user.id, provider: identity.provider }, 'signed in');
  return { user, accessToken, refreshToken: session.refreshToken, tokenType: 'Bearer', expiresIn: deps.identity.tokens.ttlSeconds };
}

export async function signInAndRespond(deps: RestDependencies, req: Request, res: Response, identity: ExternalIdentity): Promise<void> {
  sendData(res, await completeSignIn(deps, req, res, identity));
}
