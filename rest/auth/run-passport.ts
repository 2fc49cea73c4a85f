import type { Request, Response } from 'express';
import type passport from 'passport';
import type { ExternalIdentity } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';

/** What our passport verify callbacks hand back. */
export interface PassportUser {
  identity?: ExternalIdentity;
}

/**
 * Runs a passport strategy inside an async route: resolves the identity on a completed
 * sign-in, or null when the strategy answered itself (a redirect to the provider). Every
 * failure becomes an AppError in our envelope, never a 500 or passport's own response.
 */
export function runPassport(
  authenticator: passport.Authenticator,
  strategy: string,
  options: Record<string, unknown>,
  req: Request,
  res: Response,
  provider: string,
): Promise<ExternalIdentity | null> {
  return new Promise((resolve, reject) => {
    const done = (error: unknown, user: PassportUser | false | undefined, info?: { message?: string }) => {
      if (error instanceof AppError) return reject(error);
      if (error) return reject(new AppError('UNAUTHORIZED', `${provider} sign-in failed: ${error instanceof Error ? error.message : 'the provider refused it'}.`));
      if (!user || !user.identity) return reject(new AppError('UNAUTHORIZED', info?.message ?? `${provider} sign-in was not completed.`));
      resolve(user.identity);
    };
    authenticator.authenticate(strategy, { ...options, session: false }, done)(req, res, (error: unknown) => (error ? reject(error) : resolve(null)));
    res.on('finish', () => resolve(null));
  });
}
