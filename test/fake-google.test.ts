/**
 * Drives test/helpers/fake-google.ts with the real google-auth-library and @googleapis/calendar.
 *
 * How the libraries surface Google's errors (the app relies on this):
 * - Calendar calls reject with a `GaxiosError` (`gaxios.GaxiosError` from google-auth-library;
 *   `instanceof` works across gaxios copies of the same version). `err.status` and
 *   `err.response.status` are the HTTP status; `err.response.data` is Google's parsed JSON body,
 *   so the reason is `err.response.data.error.errors[0].reason`. `err.message` is the body's
 *   top-level `error.message`, `err.code` its `error.code` (a number), `err.cause` the body's
 *   `error` object.
 * - `instanceof GaxiosError` only holds for the gaxios version that made the call: with an
 *   OAuth2Client the call goes through google-auth-library's gaxios (7.3.1); without one,
 *   through googleapis-common's own (7.1.3). Classify by shape, not class.
 * - A failed refresh rejects the Calendar call itself with the token endpoint's GaxiosError:
 *   status 400, `err.message === 'invalid_grant'`, `err.response.data` =
 *   `{ error: 'invalid_grant', error_description: ... }` (a string `error`, not an object).
 * - Retries: googleapis-common sets `retry: true` on every Calendar call, so gaxios retries
 *   3 times (delays 100 ms, 500 ms, 1500 ms) on 408/429/5xx and network errors, but only for
 *   GET/HEAD/PUT/OPTIONS/DELETE: never POST or PATCH, and never 403 (so not 403
 *   rateLimitExceeded). The token endpoint calls (getToken, refresh, revoke) also retry POST.
 *   Separately, OAuth2Client repeats a call once after refreshing on a 401/403 when its
 *   credentials have an access and refresh token but no `expiry_date`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { OAuth2Client, gaxios } from 'google-auth-library';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { startFakeGoogle, type FakeGoogle } from './helpers/fake-google.js';

const clientId = 'client-1.apps.googleusercontent.test';
const clientSecret = 'secret-1';
const redirectUri = 'http://127.0.0.1:9/callback';
const noRetry = { retryConfig: { retry: 0 } };

let fake: FakeGoogle;
let hook: { url: string; received: http.IncomingHttpHeaders[]; close(): Promise<void> };

/** A webhook receiver standing in for the app's push endpoint. */
async function startHook(): Promise<typeof hook> {
  const received: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function oauth(): OAuth2Client {
  return new OAuth2Client({ clientId, clientSecret, redirectUri, endpoints: { oauth2AuthBaseUrl: fake.authorizationUrl, oauth2TokenUrl: fake.tokenUrl, oauth2RevokeUrl: fake.revokeUrl } });
}

/** Consent at the fake, as the browser would, and return the code from the redirect. */
async function consent(client: OAuth2Client, state: string): Promise<string> {
  const url = client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'], state });
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code') ?? '';
}

/** The GaxiosError a rejected call throws, checked to be one. */
async function failure(promise: Promise<unknown>): Promise<gaxios.GaxiosError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(gaxios.GaxiosError);
  return error as gaxios.GaxiosError;
}

function reasonOf(error: gaxios.GaxiosError): string | undefined {
  const data = error.response?.data as { error?: { errors?: { reason?: string }[] } } | undefined;
  return data?.error?.errors?.[0]?.reason;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

const time = (hour: number) => ({ dateTime: `2030-01-07T${String(hour).padStart(2, '0')}:00:00`, timeZone: 'Europe/Berlin' });

describe('fake Google (OAuth + Calendar v3) through the official libraries', () => {
  let client: OAuth2Client;
  let api: calendar_v3.Calendar;
  let refreshToken: string;

  beforeAll(async () => {
    fake = await startFakeGoogle();
    hook = await startHook();
  });
  afterAll(async () => {
    await fake.close();
    await hook.close();
  });

  it('runs the authorization code flow and issues an id_token for the consenting user', async () => {
    client = oauth();
    const code = await consent(client, 'state-1');
    const { tokens } = await client.getToken(code);
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining('calendar.events') });
    expect(tokens.refresh_token).toBeTruthy();
    const payload = JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ iss: 'https://accounts.google.com', sub: 'g-user-1', email: 'dana@gmail.test', email_verified: true, aud: clientId });
    const form = fake.requests.find((r) => r.path === '/token')?.body;
    expect(form).toMatchObject({ grant_type: 'authorization_code', code, client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri });

    const reused = await failure(client.getToken(code));
    expect(reused.status).toBe(400);
    expect(reused.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });

    client.setCredentials(tokens);
    refreshToken = tokens.refresh_token ?? '';
    api = calendar({ version: 'v3', auth: client, rootUrl: `${fake.url}/` });
  });

  it('lists calendars and refuses calls without a valid access token', async () => {
    const { data } = await api.calendarList.list();
    expect(data.items).toEqual([expect.objectContaining({ id: 'primary-cal', timeZone: 'Europe/Berlin', accessRole: 'owner', primary: true })]);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${client.credentials.access_token}`);
    const bogus = oauth();
    bogus.setCredentials({ access_token: 'ya29.never-issued', expiry_date: Date.now() + 3600_000 });
    const error = await failure(calendar({ version: 'v3', auth: bogus, rootUrl: `${fake.url}/` }).calendars.get({ calendarId: 'primary-cal' }));
    expect([error.status, reasonOf(error), error.message]).toEqual([401, 'authError', 'Request had invalid authentication credentials.']);
    // Without an auth client the call goes through googleapis-common's own gaxios (another
    // version), whose errors are not `instanceof` this GaxiosError: test the shape, not the class.
    const anonymous = await calendar({ version: 'v3', rootUrl: `${fake.url}/` }).calendars.get({ calendarId: 'primary-cal' }).catch((e: unknown) => e);
    expect(anonymous).not.toBeInstanceOf(gaxios.GaxiosError);
    expect(anonymous).toMatchObject({ status: 401, response: { data: { error: { errors: [{ reason: 'authError' }] } } } });
  });

  it('inserts with an explicit id once; the second insert is a 409 duplicate', async () => {
    const requestBody = { id: 'evt00001', summary: 'Shoot', start: time(10), end: time(11) };
    const { data } = await api.events.insert({ calendarId: 'primary-cal', requestBody });
    expect(data).toMatchObject({ id: 'evt00001', status: 'confirmed', start: time(10), kind: 'calendar#event' });
    expect(data.etag).toMatch(/^"\d+"$/);
    const again = await failure(api.events.insert({ calendarId: 'primary-cal', requestBody }));
    expect([again.status, reasonOf(again), again.message]).toEqual([409, 'duplicate', 'The requested identifier already exists.']);
    const bad = await failure(api.events.insert({ calendarId: 'primary-cal', requestBody: { id: 'has_underscore', start: time(1), end: time(2) } }));
    expect([bad.status, reasonOf(bad)]).toEqual([400, 'invalid']);
    const noEnd = await failure(api.events.insert({ calendarId: 'primary-cal', requestBody: { start: time(1) } }));
    expect([noEnd.status, reasonOf(noEnd)]).toEqual([400, 'required']);
  });

  it('lists in full, pages, then incrementally with the sync token', async () => {
    fake.putEvent('primary-cal', { id: 'evt00002', summary: 'Edit', start: time(12), end: time(13) });
    const first = await api.events.list({ calendarId: 'primary-cal', maxResults: 1 });
    expect(first.data.items?.map((e) => e.id)).toEqual(['evt00001']);
    expect(first.data.nextSyncToken).toBeUndefined();
    const second = await api.events.list({ calendarId: 'primary-cal', maxResults: 1, pageToken: first.data.nextPageToken ?? '' });
    expect(second.data.items?.map((e) => e.id)).toEqual(['evt00002']);
    const syncToken = second.data.nextSyncToken ?? '';
    expect(syncToken).not.toBe('');

    const changed = fake.putEvent('primary-cal', { id: 'evt00002', summary: 'Edited in Google' });
    const delta = await api.events.list({ calendarId: 'primary-cal', syncToken });
    expect(delta.data.items).toEqual([changed]);
    expect(delta.data.nextSyncToken).not.toBe(syncToken);
  });

  it('answers 412 to a stale If-Match and applies a current one', async () => {
    const current = fake.event('primary-cal', 'evt00001');
    const stale = await failure(api.events.patch({ calendarId: 'primary-cal', eventId: 'evt00001', requestBody: { summary: 'x' } }, { headers: { 'If-Match': '"1"' } }));
    expect([stale.status, reasonOf(stale)]).toEqual([412, 'conditionNotMet']);
    const { data } = await api.events.patch({ calendarId: 'primary-cal', eventId: 'evt00001', requestBody: { summary: 'Shoot (moved)', start: time(14), end: time(15) } }, { headers: { 'If-Match': current?.etag ?? '' } });
    expect(data).toMatchObject({ summary: 'Shoot (moved)', start: time(14) });
    expect(data.etag).not.toBe(current?.etag);
    expect(Date.parse(data.updated ?? '')).toBeGreaterThan(Date.parse(current?.updated ?? ''));
  });

  it('deletes: the sync delta shows the cancelled event, a second delete is 410', async () => {
    const { data: before } = await api.events.list({ calendarId: 'primary-cal' });
    const removed = await api.events.delete({ calendarId: 'primary-cal', eventId: 'evt00001' });
    expect(removed.status).toBe(204);
    const delta = await api.events.list({ calendarId: 'primary-cal', syncToken: before.nextSyncToken ?? '' });
    expect(delta.data.items).toEqual([expect.objectContaining({ id: 'evt00001', status: 'cancelled' })]);
    expect((await api.events.get({ calendarId: 'primary-cal', eventId: 'evt00001' })).data.status).toBe('cancelled');
    const again = await failure(api.events.delete({ calendarId: 'primary-cal', eventId: 'evt00001' }));
    expect([again.status, reasonOf(again)]).toEqual([410, 'deleted']);
    expect(fake.events('primary-cal').map((e) => e.id)).toEqual(['evt00002']);
  });

  it('answers 410 fullSyncRequired once sync tokens expire', async () => {
    const { data } = await api.events.list({ calendarId: 'primary-cal' });
    fake.expireSyncTokens();
    const gone = await failure(api.events.list({ calendarId: 'primary-cal', syncToken: data.nextSyncToken ?? '' }));
    expect([gone.status, reasonOf(gone)]).toEqual([410, 'fullSyncRequired']);
  });

  it('notifies a watch channel with sync, then exists on each change, until stopped', async () => {
    const { data: channel } = await api.events.watch({ calendarId: 'primary-cal', requestBody: { id: 'chan-1', type: 'web_hook', address: hook.url, token: 'tok-1', params: { ttl: '3600' } } });
    expect(channel).toMatchObject({ kind: 'api#channel', id: 'chan-1', token: 'tok-1' });
    expect(Number(channel.expiration)).toBeGreaterThan(Date.now() + 3500_000);
    await until(() => hook.received.length === 1);
    fake.putEvent('primary-cal', { id: 'evt00003', summary: 'New', start: time(8), end: time(9) });
    await until(() => hook.received.length === 2);
    expect(hook.received.map((h) => [h['x-goog-resource-state'], h['x-goog-message-number']])).toEqual([['sync', '1'], ['exists', '2']]);
    expect(hook.received[1]).toMatchObject({ 'x-goog-channel-id': 'chan-1', 'x-goog-channel-token': 'tok-1', 'x-goog-resource-id': channel.resourceId });
    // The fake writes down a notification once the hook's answer is back, a moment after the hook has it.
    await until(() => fake.notifications.length === 2);
    expect(fake.notifications).toEqual([{ channelId: 'chan-1', state: 'sync', status: 200 }, { channelId: 'chan-1', state: 'exists', status: 200 }]);

    await api.channels.stop({ requestBody: { id: 'chan-1', resourceId: channel.resourceId ?? '' } });
    expect(fake.channels()).toEqual([]);
    const unknown = await failure(api.channels.stop({ requestBody: { id: 'chan-1', resourceId: channel.resourceId ?? '' } }));
    expect(unknown.status).toBe(404);
  });

  it('surfaces scripted failures; shows which statuses the library retries by default', async () => {
    fake.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    const before = fake.count('GET', /\/events$/);
    const limited = await failure(api.events.list({ calendarId: 'primary-cal' }));
    expect([limited.status, reasonOf(limited), limited.message]).toEqual([403, 'rateLimitExceeded', 'Rate Limit Exceeded']);
    expect(fake.count('GET', /\/events$/) - before).toBe(1); // 403 is never retried

    fake.failNext(/\/events$/, { status: 429, reason: 'rateLimitExceeded' });
    expect((await failure(api.events.list({ calendarId: 'primary-cal' }, noRetry))).status).toBe(429);

    // Default: a GET answered 500 is tried 4 times (delays shortened here); a POST only once.
    fake.failNext(/\/events$/, { status: 500, reason: 'backendError' }, 4);
    const get = fake.count('GET', /\/events$/);
    expect((await failure(api.events.list({ calendarId: 'primary-cal' }, { retryConfig: { retryDelay: 0, retryDelayMultiplier: 1 } }))).status).toBe(500);
    expect(fake.count('GET', /\/events$/) - get).toBe(4);
    fake.failNext(/\/events$/, { status: 500, reason: 'backendError' });
    const post = fake.count('POST', /\/events$/);
    await failure(api.events.insert({ calendarId: 'primary-cal', requestBody: { start: time(1), end: time(2) } }));
    expect(fake.count('POST', /\/events$/) - post).toBe(1);
  });

  it('refreshes with a refresh token alone, and fails with invalid_grant once it is revoked', async () => {
    const fresh = oauth();
    fresh.setCredentials({ refresh_token: refreshToken });
    const freshApi = calendar({ version: 'v3', auth: fresh, rootUrl: `${fake.url}/`, retry: false });
    expect((await freshApi.calendars.get({ calendarId: 'primary-cal' })).data.id).toBe('primary-cal');
    expect(fake.requests.filter((r) => r.path === '/token').at(-1)?.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshToken });

    fake.revokeRefreshTokens(refreshToken);
    const later = oauth();
    later.setCredentials({ refresh_token: refreshToken });
    const laterApi = calendar({ version: 'v3', auth: later, rootUrl: `${fake.url}/`, retry: false });
    const revoked = await failure(laterApi.events.list({ calendarId: 'primary-cal' }));
    expect([revoked.status, revoked.message, revoked.response?.data]).toEqual([400, 'invalid_grant', { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }]);
    // Its access tokens die with it: the first client (with an expiry_date) gets a plain 401.
    const unauthorized = await failure(api.events.list({ calendarId: 'primary-cal' }));
    expect([unauthorized.status, reasonOf(unauthorized)]).toEqual([401, 'authError']);
  });

  it('revokes through the library and consents as another user', async () => {
    fake.setUser({ sub: 'g-user-2', email: 'eli@gmail.test' });
    const other = oauth();
    const { tokens } = await other.getToken(await consent(other, 'state-2'));
    const payload = JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(payload.sub).toBe('g-user-2');
    other.setCredentials(tokens);
    expect((await other.revokeCredentials()).status).toBe(200);
    const refresh = oauth();
    refresh.setCredentials({ refresh_token: tokens.refresh_token ?? null });
    const error = await failure(refresh.getAccessToken());
    expect(error.message).toBe('invalid_grant');
  });
});
