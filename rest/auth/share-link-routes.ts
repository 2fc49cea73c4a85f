import { Router } from 'express';
import { openShareLink } from '../../operations/documents/share-links.js';
import type { RestDependencies } from '../dependencies.js';
import { openLinkBody } from '../documents/schemas.js';
import { sendData } from '../envelope.js';
import { clientIp } from '../middleware/rate-limit.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';

/**
 * `POST /auth/share-links/open {token, password?}`: anyone with a share link opens its document,
 * without an account. Under /auth for its per-IP limit (a password is what brute force would try).
 */
export function shareLinkRouter(deps: RestDependencies): Router {
  const router = Router();
  router.post('/share-links/open', async (req, res) => {
    const input = parse(openLinkBody, req.body);
    const ops = { db: deps.db, live: deps.live, events: deps.identity.events, tokens: deps.identity.tokens };
    sendData(res, unwrap(await openShareLink(ops, { token: input.token, password: input.password, carryOn: input.carryOn, ip: clientIp(req) })));
  });
  return router;
}
