import type { calendar_v3 } from '@googleapis/calendar';
import type { Caller } from '../caller.js';
import type { AppError } from '../../platform/app-error.js';
import { type GoogleAccountRow, deleteGoogleAccount, getGoogleAccount, listGoogleAccounts, listLinksOfAccount, markNeedsReconnect, upsertGoogleAccount } from '../../storage/google-calendar.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { stopChannel } from './channels.js';
import type { GoogleCalendarDeps } from './google-deps.js';
import { CALENDAR_SCOPES, type GoogleSettings, calendarFor, classifyGoogleError, oauthClient } from './google-client.js';

export interface GoogleAccountView {
  id: string;
  email: string;
  status: GoogleAccountRow['status'];
  lastError: string | null;
  connectedAt: string;
}

export const toAccountView = (row: GoogleAccountRow): GoogleAccountView => ({ id: row.id, email: row.email, status: row.status, lastError: row.lastError, connectedAt: row.createdAt.toISOString() });

export function requireSettings(deps: GoogleCalendarDeps): Outcome<GoogleSettings> {
  return deps.settings ? ok(deps.settings) : fail('GOOGLE_NOT_CONFIGURED', 'Google is not configured on this server (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET).');
}

function personOf(caller: Caller): Outcome<{ userId: string; email: string }> {
  return caller.principal.type === 'user' ? ok({ userId: caller.principal.user.id, email: caller.principal.user.email }) : fail('FORBIDDEN', 'Only a person can connect a Google account (not an API key).');
}

/** Where to send the browser to grant calendar access: incremental (on top of what sign-in granted), offline (a refresh token). */
export function connectUrl(deps: GoogleCalendarDeps, caller: Caller, input: { state: string; redirectUri: string }): Outcome<string> {
  const settings = requireSettings(deps);
  if (!settings.ok) return settings;
  const person = personOf(caller);
  if (!person.ok) return person;
  return ok(
    oauthClient(settings.value, input.redirectUri).generateAuthUrl({
      access_type: 'offline',
      // Google returns a refresh token only on consent; a reconnect must get a fresh one.
      prompt: 'consent',
      include_granted_scopes: true,
      scope: CALENDAR_SCOPES,
      state: input.state,
      login_hint: person.value.email,
    }),
  );
}

interface IdTokenClaims {
  sub?: string;
  email?: string;
}

/**
 * The end of the consent: exchanges the code for tokens and stores the account with its refresh
 * token sealed. The ID token came straight from Google's token endpoint over TLS, so its claims
 * are read without a signature check (OpenID Connect Core 3.1.3.7).
 */
export async function finishConnect(deps: GoogleCalendarDeps, caller: Caller, input: { code: string; redirectUri: string }): Promise<Outcome<GoogleAccountView>> {
  const settings = requireSettings(deps);
  if (!settings.ok) return settings;
  const person = personOf(caller);
  if (!person.ok) return person;
  let tokens;
  try {
    tokens = (await oauthClient(settings.value, input.redirectUri).getToken(input.code)).tokens;
  } catch (error) {
    const failure = classifyGoogleError(error);
    return failure.kind === 'transient' ? fail('GOOGLE_UNAVAILABLE', 'Google did not answer; try connecting again.') : fail('BAD_REQUEST', 'Google did not accept this authorization; start connecting again.');
  }
  const granted = (tokens.scope ?? '').split(' ');
  if (!tokens.refresh_token) return fail('BAD_REQUEST', 'Google did not grant offline access; connect again and allow it.');
  if (!CALENDAR_SCOPES.filter((scope) => scope.startsWith('https://')).every((scope) => granted.includes(scope))) {
    return fail('BAD_REQUEST', 'Calendar access was not granted; connect again and allow access to your calendars.');
  }
  const claims = decodeIdToken(tokens.id_token);
  if (!claims.sub || !claims.email) return fail('BAD_REQUEST', 'Google did not say which account this is; connect again.');
  const account = await deps.db.transaction((tx) =>
    upsertGoogleAccount(tx, { userId: person.value.userId, googleSubject: claims.sub!, email: claims.email!, refreshToken: deps.secrets.seal(tokens.refresh_token!), scopes: granted.join(' ') }),
  );
  return ok(toAccountView(account));
}

function decodeIdToken(idToken: string | null | undefined): IdTokenClaims {
  const payload = idToken?.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IdTokenClaims;
    return { ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}), ...(typeof claims.email === 'string' ? { email: claims.email } : {}) };
  } catch {
    return {};
  }
}

export async function listAccounts(deps: GoogleCalendarDeps, caller: Caller): Promise<Outcome<GoogleAccountView[]>> {
  const person = personOf(caller);
  if (!person.ok) return person;
  return ok((await listGoogleAccounts(deps.db, person.value.userId)).map(toAccountView));
}

/** The caller's own account, active; anyone else's is not found. */
export async function ownAccount(deps: GoogleCalendarDeps, caller: Caller, accountId: string): Promise<Outcome<GoogleAccountRow>> {
  const person = personOf(caller);
  if (!person.ok) return person;
  const account = await getGoogleAccount(deps.db, accountId);
  if (!account || account.userId !== person.value.userId) return fail('NOT_FOUND', 'No such Google account.');
  return ok(account);
}

export interface GoogleCalendarChoice {
  id: string;
  summary: string;
  timeZone: string;
  primary: boolean;
}

export async function listCalendarsOf(deps: GoogleCalendarDeps, caller: Caller, accountId: string): Promise<Outcome<GoogleCalendarChoice[]>> {
  const settings = requireSettings(deps);
  if (!settings.ok) return settings;
  const account = await ownAccount(deps, caller, accountId);
  if (!account.ok) return account;
  if (account.value.status !== 'active') return fail('GOOGLE_ACCOUNT_NEEDS_RECONNECT', 'Google no longer accepts this account’s authorization; reconnect it.');
  const api = calendarFor(settings.value, deps.secrets.open(account.value.refreshToken));
  try {
    const items: calendar_v3.Schema$CalendarListEntry[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await api.calendarList.list({ maxResults: 250, ...(pageToken ? { pageToken } : {}) });
      items.push(...(data.items ?? []));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return ok(items.filter((item) => item.id).map((item) => ({ id: item.id!, summary: item.summary ?? item.id!, timeZone: item.timeZone ?? 'UTC', primary: item.primary === true })));
  } catch (error) {
    return googleFailure(deps, account.value.id, error);
  }
}

/** A call to Google that failed, in our terms: a revoked token marks the account; the rest is Google being unavailable or refusing. */
export async function googleFailure(deps: GoogleCalendarDeps, accountId: string, error: unknown): Promise<{ ok: false; error: AppError }> {
  const failure = classifyGoogleError(error);
  if (failure.kind === 'revoked') {
    await markNeedsReconnect(deps.db, accountId, failure.message);
    return fail('GOOGLE_ACCOUNT_NEEDS_RECONNECT', failure.message);
  }
  if (failure.kind === 'gone') return fail('GOOGLE_CALENDAR_NOT_FOUND', 'Google has no such calendar for this account.');
  return fail('GOOGLE_UNAVAILABLE', `Google did not do it: ${failure.message}`);
}

/** Disconnects an account: its push channels stopped, its authorization revoked at Google (best effort), its links removed. */
export async function disconnectAccount(deps: GoogleCalendarDeps, caller: Caller, accountId: string): Promise<Outcome<{ id: string }>> {
  const account = await ownAccount(deps, caller, accountId);
  if (!account.ok) return account;
  if (deps.settings) {
    const refreshToken = deps.secrets.open(account.value.refreshToken);
    const api = calendarFor(deps.settings, refreshToken);
    for (const link of await listLinksOfAccount(deps.db, accountId)) await stopChannel(deps, api, link);
    try {
      await oauthClient(deps.settings).revokeToken(refreshToken);
    } catch (error) {
      deps.logger.info({ err: error, accountId }, 'revoking a google token failed (already revoked?)');
    }
  }
  await deps.db.transaction((tx) => deleteGoogleAccount(tx, accountId));
  return ok({ id: accountId });
}
