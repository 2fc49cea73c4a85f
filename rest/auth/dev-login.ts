import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { parse } from '../validate.js';
import { displayName, email } from './schemas.js';
import { signInAndRespond } from './sign-in.js';

export const devLoginBody = z.object({ email, name: displayName.optional() }).strict();

/** `POST /auth/dev/login`: sign in by email alone, for local use and scripts. Absent unless enabled. */
export function devLoginRouter(deps: RestDependencies): Router {
  const router = Router();
  router.post('/dev/login', async (req, res) => {
    if (!deps.config.auth.devLogin) throw new AppError('NOT_FOUND', 'Dev login is disabled on this server.');
    const input = parse(devLoginBody, req.body);
    await signInAndRespond(deps, req, res, { provider: 'dev', subject: input.email.toLowerCase(), email: input.email, emailVerified: true, name: input.name });
  });
  return router;
}
