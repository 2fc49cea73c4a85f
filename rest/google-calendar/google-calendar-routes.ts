import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Request, Router } from 'express';
import { connectUrl, disconnectAccount, finishConnect, listAccounts, listCalendarsOf } from '../../operations/google-calendar/accounts.js';
import { receiveNotification } from '../../operations/google-calendar/channels.js';
import { NOTIFICATIONS_PATH, googleSettings } from '../../operations/google-calendar/google-client.js';
import type { GoogleCalendarDeps } from '../../operations/google-calendar/google-deps.js';
import { createLink, listProjectLinks, removeLink, requestLinkSync } from '../../operations/google-calendar/links.js';
import { normalizedUuid } from '../../identity/projects.js';
import { AppError } from '../../platform/app-error.js';
import type { Logger } from '../../platform/logger.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { projectAccess } from '../middleware/project-access.js';
import { operationContext, unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { callbackQuery, connectQuery, createLinkBody } from './schemas.js';

const STATE_COOKIE = 'ss_gcal_state';
const CALLBACK_PATH = '/api/google-calendar/callback';
const STATE_TTL_MS = 10 * 60 * 1000;

function googleDeps(deps: RestDependencies, logger: Logger): GoogleCalendarDeps {
  return {
    db: deps.db,
    live: deps.live,
    events: deps.identity.events,
    settings: googleSettings(deps.config, deps.publicUrl),
    secrets: deps.secrets,
    verifier: deps.identity.verifier,
    logger,
    requestSync: (linkId, options) => deps.requestCalendarSync(linkId, options),
  };
}

const redirectUri = (deps: RestDependencies) => `${deps.publicUrl().replace(/\/+$/, '')}${CALLBACK_PATH}`;
const pageOf = (projectId: string, query: string) => `/#/p/${encodeURIComponent(projectId)}/google-calendar?${query}`;

/**
 * Google's push notifications: no session comes with them, so this is mounted before
 * authentication; the channel's token is what proves the sender. Always 204, known or not.
 */
export function googleNotificationRoute(deps: RestDependencies): Router {
  const router = Router();
  router.post(NOTIFICATIONS_PATH.replace(/^\/api/, ''), async (req, res) => {
    const header = (name: string) => {
      const value = req.get(name);
      return value && value.length <= 512 ? value : undefined;
    };
    const outcome = await receiveNotification(googleDeps(deps, req.log), {
      channelId: header('X-Goog-Channel-ID'),
      token: header('X-Goog-Channel-Token'),
      resourceId: header('X-Goog-Resource-ID'),
      state: header('X-Goog-Resource-State'),
    });
    req.log.debug({ outcome }, 'google calendar notification');
    res.status(204).end();
  });
  return router;
}

/** `/api/google-calendar`: the signed-in person's Google accounts, and the consent round trip. */
export function googleAccountRoutes(deps: RestDependencies): Router {
  const router = Router();
  const secure = deps.config.auth.secureCookies;

  router.get('/accounts', async (req, res) => {
    const { caller } = operationContext(req, deps);
    sendData(res, unwrap(await listAccounts(googleDeps(deps, req.log), caller)));
  });

  router.get('/connect', async (req, res) => {
    const { projectId } = parse(connectQuery, req.query);
    const { caller } = operationContext(req, deps);
    const state = randomBytes(24).toString('base64url');
    const url = unwrap(connectUrl(googleDeps(deps, req.log), caller, { state, redirectUri: redirectUri(deps) }));
    // The state binds the callback to this browser (no login CSRF into someone else's Google account).
    res.cookie(STATE_COOKIE, `${state}.${projectId}`, { httpOnly: true, sameSite: 'lax', secure, path: CALLBACK_PATH, maxAge: STATE_TTL_MS });
    res.redirect(302, url);
  });

  router.get('/callback', async (req, res) => {
    const [expected = '', projectId = ''] = String((req.cookies as Record<string, string | undefined>)[STATE_COOKIE] ?? '').split('.');
    res.clearCookie(STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: CALLBACK_PATH });
    const back = (query: string) => res.redirect(302, projectId ? pageOf(projectId, query) : '/');
    const query = callbackQuery.safeParse(req.query);
    if (!query.success || !expected || !sameState(expected, String(query.data.state ?? ''))) return back(`error=${encodeURIComponent('The Google connection did not start in this browser; try again.')}`);
    if ('error' in query.data && query.data.error) return back(`error=${encodeURIComponent('Google access was not granted.')}`);
    const { caller } = operationContext(req, deps);
    const outcome = await finishConnect(googleDeps(deps, req.log), caller, { code: String(query.data.code), redirectUri: redirectUri(deps) });
    if (!outcome.ok) return back(`error=${encodeURIComponent(outcome.error.message)}`);
    back('connected=1');
  });

  router.delete('/accounts/:accountId', async (req, res) => {
    const { caller } = operationContext(req, deps);
    sendData(res, unwrap(await disconnectAccount(googleDeps(deps, req.log), caller, uuidParam(req, 'accountId'))));
  });

  router.get('/accounts/:accountId/calendars', async (req, res) => {
    const { caller } = operationContext(req, deps);
    sendData(res, unwrap(await listCalendarsOf(googleDeps(deps, req.log), caller, uuidParam(req, 'accountId'))));
  });

  return router;
}

/** `/api/projects/:projectId/google-calendar-links`: members read; the operations check write access to each calendar. */
export function googleLinkRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));
  const ctx = (req: Request) => {
    const context = projectContext(req, deps);
    return { ...context, google: googleDeps(deps, req.log) };
  };

  router.get('/', async (req, res) => {
    const { google, caller, projectId } = ctx(req);
    const links = unwrap(await listProjectLinks(google, caller, projectId));
    sendData(res, links, { meta: { total: links.length } });
  });

  router.post('/', async (req, res) => {
    const { google, caller, projectId, ip } = ctx(req);
    const input = parse(createLinkBody, req.body);
    sendData(res, unwrap(await createLink(google, caller, { ...input, projectId, ip })), { status: 201 });
  });

  router.post('/:linkId/sync', async (req, res) => {
    const { google, caller, projectId } = ctx(req);
    sendData(res, unwrap(await requestLinkSync(google, caller, { projectId, linkId: uuidParam(req, 'linkId') })), { status: 202 });
  });

  router.delete('/:linkId', async (req, res) => {
    const { google, caller, projectId, ip } = ctx(req);
    sendData(res, unwrap(await removeLink(google, caller, { projectId, linkId: uuidParam(req, 'linkId'), ip })));
  });

  return router;
}

function sameState(expected: string, given: string): boolean {
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** A path id that is not a UUID names nothing: 404, not a database error. */
function uuidParam(req: Request, name: string): string {
  const value = normalizedUuid(req.params[name]);
  if (!value) throw new AppError('NOT_FOUND', 'Not found.');
  return value;
}
