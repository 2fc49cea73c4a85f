import type { NextFunction, Request, Response } from 'express';
import type { Verified, Verifier } from '../../identity/verifier.js';
import { AppError } from '../../platform/app-error.js';
import { ACCESS_COOKIE } from '../auth/session-cookies.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: Verified;
    }
  }
}

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Requires a valid cookie session, Bearer access token or API key; 401 otherwise. */
export function authenticate(verifier: Verifier) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    const verified = await verifier.verify({ bearerToken: bearerToken(req), cookieToken: cookies?.[ACCESS_COOKIE] });
    if (!verified) throw new AppError('UNAUTHORIZED', 'Sign in first: the access token is missing, expired or invalid.');
    req.auth = verified;
    req.log = req.log.child(verified.principal.type === 'user' ? { userId: verified.principal.user.id } : { apiKeyId: verified.principal.apiKeyId });
    next();
  };
}

/** The signed-in user; API keys act for a project, not as a person, so user-only routes refuse them. */
export function requireUser(req: Request) {
  const principal = req.auth?.principal;
  if (principal?.type !== 'user') throw new AppError('FORBIDDEN', 'This route needs a signed-in user, not an API key.');
  return principal.user;
}
