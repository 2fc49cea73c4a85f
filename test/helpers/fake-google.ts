/**
 * A local fake of Google's OAuth 2.0 endpoints and Calendar API v3, speaking their HTTP shapes so
 * the real `google-auth-library` and `@googleapis/calendar` clients can be pointed at it
 * (OAuth2Client `endpoints`, calendar `rootUrl: fake.url + '/'`). State lives in memory.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

type EventTime = { dateTime?: string; date?: string; timeZone?: string };
export interface FakeGoogleEvent { id: string; status: 'confirmed' | 'tentative' | 'cancelled'; summary?: string; description?: string; start?: EventTime; end?: EventTime; recurrence?: string[]; recurringEventId?: string; etag: string; updated: string; created: string; htmlLink: string; kind: 'calendar#event' }
export interface FakeGoogle {
  url: string;
  authorizationUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** The Google user who consents at the authorization endpoint next (default { sub: 'g-user-1', email: 'dana@gmail.test' }). */
  setUser(user: { sub: string; email: string }): void;
  addCalendar(calendar: { id: string; summary: string; timeZone: string }): void;
  /** As if a person edited in Google's own UI: creates or replaces fields, bumps etag and `updated`, records a change (watch channels are notified). */
  putEvent(calendarId: string, event: Partial<FakeGoogleEvent> & { id?: string }): FakeGoogleEvent;
  /** As if deleted in Google's UI: status 'cancelled', bumps etag/updated, notifies. */
  removeEvent(calendarId: string, eventId: string): void;
  events(calendarId: string): FakeGoogleEvent[];
  event(calendarId: string, eventId: string): FakeGoogleEvent | undefined;
  /** Requests received, for assertions: method, path (without query), query object, body (parsed JSON or form), headers. */
  requests: { method: string; path: string; query: Record<string, string>; body: unknown; headers: Record<string, string | string[] | undefined> }[];
  count(method: string, pathPattern: RegExp): number;
  /** The next `times` requests whose path matches answer with this error instead (status 403 with reason 'rateLimitExceeded', 429, 500...). */
  /**
   * With `options`: only requests of `method`, after letting `skip` matching ones through; with
   * `afterApplying`, the request is carried out and only its answer replaced by the error (a
   * connection lost after Google did the work, as when a worker dies mid-call).
   */
  failNext(pathPattern: RegExp, error: { status: number; reason: string; message?: string }, times?: number, options?: { method?: string; skip?: number; afterApplying?: boolean }): void;
  /** Makes every outstanding sync token invalid: the next list with one answers 410 (reason 'fullSyncRequired'). */
  expireSyncTokens(): void;
  /** Revokes a refresh token (and its access tokens): refreshing it answers 400 {"error":"invalid_grant"}. With no argument, all. */
  revokeRefreshTokens(refreshToken?: string): void;
  /** Channels created by events.watch and not stopped. */
  channels(): { id: string; resourceId: string; address: string; token?: string; expiration: number; calendarId: string }[];
  /** Notifications POSTed to channel addresses and the HTTP status each got (0: unreachable). */
  notifications: { channelId: string; state: string; status: number }[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type GoogleUser = { sub: string; email: string };
/** One consent: the refresh token (only with access_type=offline) and its access tokens share it. */
interface Grant { user: GoogleUser; scope: string; clientId: string; revoked: boolean; refreshToken?: string }
interface PendingCode { grant: Grant; redirectUri: string; offline: boolean }
interface Stored { event: FakeGoogleEvent; seq: number }
interface CalendarState { id: string; summary: string; timeZone: string; primary: boolean; resourceId: string; seq: number; updated: string; events: Map<string, Stored> }
interface Channel { id: string; resourceId: string; address: string; token?: string; expiration: number; calendarId: string; messageNumber: number; stopped: boolean; queue: Promise<void> }
/**
 * Where a listing resumes: changes after `from` (null: full listing), ids after `after`. Pages show
 * current state; the final sync token still says `upto` (the sequence when page one was asked
 * for), so a change made while paging comes again in the next delta: at least once, never lost.
 */
interface Cursor { c: string; from: number | null; upto: number; after: string; del: boolean; g: number }
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** An error answered in Google's API shape. */
class ApiError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) { super(message); }
}
/** An error answered in the OAuth token endpoint's shape. */
class OAuthError extends Error {
  constructor(readonly status: number, readonly code: string, readonly description: string) { super(code); }
}

const SYNC_ONLY_CONFLICTS = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];
const EVENT_FIELDS = ['summary', 'description', 'start', 'end', 'recurrence', 'recurringEventId', 'status'] as const;
const USAGE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

const token = (bytes = 24) => randomBytes(bytes).toString('base64url');
const encodeOpaque = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const byId = (a: Stored, b: Stored) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);
const copy = <T>(value: T): T => structuredClone(value);
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeOpaque(value: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Event ids Google generates and accepts: base32hex (a–v, 0–9). */
function newEventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(26)].map((b) => alphabet[b % 32]).join('');
}

function errorBody(status: number, reason: string, message: string): Json {
  const domain = USAGE_LIMIT_REASONS.has(reason) ? 'usageLimits' : 'global';
  if (status === 401) {
    return { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ domain, reason, message, location: 'Authorization', locationType: 'header' }], status: 'UNAUTHENTICATED' } };
  }
  return { error: { code: status, message, errors: [{ domain, reason, message }] } };
}

/** Validates one of start/end as Google does on insert; returns it exactly as sent. */
function readTime(value: unknown, which: 'start' | 'end'): EventTime {
  if (!isRecord(value) || (value.dateTime === undefined && value.date === undefined)) throw new ApiError(400, 'required', `Missing ${which} time.`);
  const { dateTime, date, timeZone } = value;
  if (timeZone !== undefined && typeof timeZone !== 'string') throw new ApiError(400, 'invalid', `Invalid ${which} time zone.`);
  if (date !== undefined) {
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new ApiError(400, 'invalid', `Invalid ${which} date.`);
  } else if (typeof dateTime !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(dateTime)) {
    throw new ApiError(400, 'invalid', `Invalid ${which} time.`);
  } else if (!/(Z|[+-]\d{2}:\d{2})$/.test(dateTime) && !timeZone) {
    throw new ApiError(400, 'required', `Missing time zone definition for ${which} time.`);
  }
  return copy(value) as EventTime;
}

/** An instant for ordering checks, when one is knowable without time-zone data. */
function instant(time: EventTime): number | undefined {
  if (time.date) return Date.parse(time.date);
  return time.dateTime && /(Z|[+-]\d{2}:\d{2})$/.test(time.dateTime) ? Date.parse(time.dateTime) : undefined;
}

function checkTimeRange(start: EventTime, end: EventTime): void {
  const [from, to] = [instant(start), instant(end)];
  if (from !== undefined && to !== undefined && to < from) throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
}

/** Reads a request body: JSON, form-encoded, or (unparseable) the raw text. */
function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return contentType.includes('json') ? new ApiError(400, 'parseError', 'Parse Error') : raw;
  }
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  let user: GoogleUser = { sub: 'g-user-1', email: 'dana@gmail.test' };
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant>();
  const calendars = new Map<string, CalendarState>();
  const channelsById = new Map<string, Channel>();
  const failures: { pattern: RegExp; error: { status: number; reason: string; message?: string }; remaining: number; method?: string; skip: number; afterApplying: boolean }[] = [];
  const requests: FakeGoogle['requests'] = [];
  const notifications: FakeGoogle['notifications'] = [];
  const deliveries = new Set<Promise<void>>(); // in flight, so close() can wait for them
  let generation = 0;
  let lastTime = 0;
  let etagCounter = Date.now() * 1000;
  let url = '';

  /** ISO timestamps strictly increasing across the whole fake, so `updated` always orders changes. */
  function now(): string {
    lastTime = Math.max(Date.now(), lastTime + 1);
    return new Date(lastTime).toISOString();
  }

  function calendarOf(id: string): CalendarState {
    const found = id === 'primary' ? [...calendars.values()].find((c) => c.primary) : calendars.get(id);
    if (!found) throw new ApiError(404, 'notFound', 'Not Found');
    return found;
  }

  /** For the test-facing methods: a clear message instead of an HTTP-shaped error. */
  function knownCalendar(id: string): CalendarState {
    const found = calendars.get(id);
    if (!found) throw new Error(`fake-google: no calendar ${id}`);
    return found;
  }

  function addCalendar(input: { id: string; summary: string; timeZone: string }, primary = false): void {
    calendars.set(input.id, { ...input, primary, resourceId: token(18), seq: 0, updated: now(), events: new Map() });
  }

  // ---- changes and watch notifications -------------------------------------------------------

  /** Every change goes through here: new etag, `updated`, sequence, then notifies watchers. */
  function commit(cal: CalendarState, event: FakeGoogleEvent): FakeGoogleEvent {
    event.etag = `"${++etagCounter}"`;
    event.updated = now();
    cal.seq += 1;
    cal.updated = event.updated;
    cal.events.set(event.id, { event, seq: cal.seq });
    for (const channel of channelsById.values()) if (channel.calendarId === cal.id) notify(channel, 'exists');
    return copy(event);
  }

  function createEvent(cal: CalendarState, id: string, fields: Json): FakeGoogleEvent {
    const created = now();
    const htmlLink = `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${cal.id}`).toString('base64url')}`;
    return { kind: 'calendar#event', id, status: 'confirmed', etag: '', created, updated: created, htmlLink, ...fields } as FakeGoogleEvent;
  }

  /** Queued per channel so a receiver sees messages in order; never delays the API answer. */
  function notify(channel: Channel, state: 'sync' | 'exists'): void {
    const delivery = channel.queue.then(() => deliver(channel, state));
    channel.queue = delivery;
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  }

  function deliver(channel: Channel, state: string): Promise<void> {
    if (channel.stopped || Date.now() > channel.expiration) return Promise.resolve();
    const record = (status: number) => notifications.push({ channelId: channel.id, state, status });
    const headers: Record<string, string> = {
      'X-Goog-Channel-ID': channel.id,
      'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-URI': resourceUri(channel.calendarId),
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(++channel.messageNumber),
      'Content-Length': '0',
    };
    if (channel.token !== undefined) headers['X-Goog-Channel-Token'] = channel.token;
    return new Promise((resolve) => {
      let settled = false; // a socket error can follow the response: record each message once
      const done = (status: number) => { if (!settled) { settled = true; record(status); resolve(); } };
      try {
        const req = http.request(channel.address, { method: 'POST', headers, agent: false, timeout: 5000 }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
          res.on('close', () => done(res.statusCode ?? 0));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => done(0));
        req.end();
      } catch {
        done(0); // not an http: URL, or otherwise unusable
      }
    });
  }

  const resourceUri = (calendarId: string) => `${url}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`;

  // ---- OAuth ---------------------------------------------------------------------------------

  function authorize(query: Record<string, string>): Reply {
    const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType, scope = '', state } = query;
    if (!clientId || !redirectUri || !URL.canParse(redirectUri) || responseType !== 'code') {
      return { status: 400, body: 'Error 400: invalid_request', headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    const code = `4/${token()}`;
    codes.set(code, { grant: { user: { ...user }, scope, clientId, revoked: false }, redirectUri, offline: query.access_type === 'offline' });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (state !== undefined) target.searchParams.set('state', state);
    target.searchParams.set('scope', scope);
    return { status: 302, headers: { location: target.toString() } };
  }

  function idToken(grant: Grant): string {
    const iat = Math.floor(Date.now() / 1000);
    const header = encodeOpaque({ alg: 'RS256', kid: 'fake-google', typ: 'JWT' });
    const payload = encodeOpaque({ iss: 'https://accounts.google.com', azp: grant.clientId, aud: grant.clientId, sub: grant.user.sub, email: grant.user.email, email_verified: true, iat, exp: iat + 3600 });
    return `${header}.${payload}.${token(32)}`;
  }

  function issueAccessToken(grant: Grant): Json {
    const accessToken = `ya29.${token()}`;
    accessTokens.set(accessToken, grant);
    return { access_token: accessToken, expires_in: 3599, scope: grant.scope, token_type: 'Bearer' };
  }

  /** client_id from the form or from HTTP Basic client authentication. */
  function clientIdOf(form: Json, authorization: string | undefined): string | undefined {
    if (typeof form.client_id === 'string') return form.client_id;
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
  }

  function exchangeToken(body: unknown, authorization: string | undefined): Reply {
    const form = isRecord(body) ? body : {};
    const clientId = clientIdOf(form, authorization);
    if (!clientId) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
    if (form.grant_type === 'authorization_code') {
      const pending = codes.get(String(form.code));
      codes.delete(String(form.code)); // a code works once, even if this attempt fails
      if (!pending) throw new OAuthError(400, 'invalid_grant', 'Bad Request');
      if (pending.grant.clientId !== clientId) throw new OAuthError(401, 'invalid_client', 'Unauthorized');
      if (pending.redirectUri !== form.redirect_uri) throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const grant = pending.grant;
      // Google returns a refresh token only when the user consented to offline access.
      if (pending.offline) refreshTokens.set((grant.refreshToken = `1//${token(32)}`), grant);
      const refresh = grant.refreshToken ? { refresh_token: grant.refreshToken } : {};
      return { status: 200, body: { ...issueAccessToken(grant), ...refresh, id_token: idToken(grant) } };
    }
    if (form.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(String(form.refresh_token));
      if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      if (grant.clientId !== clientId) throw new OAuthError(401, 'unauthorized_client', 'Unauthorized');
      return { status: 200, body: issueAccessToken(grant) };
    }
    throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${String(form.grant_type ?? '')}`);
  }

  function revoke(query: Record<string, string>, body: unknown): Reply {
    const value = query.token ?? (isRecord(body) && typeof body.token === 'string' ? body.token : '');
    const grant = refreshTokens.get(value) ?? accessTokens.get(value);
    if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_token', 'Token expired or revoked');
    grant.revoked = true;
    return { status: 200 };
  }

  function authenticate(authorization: string | undefined): void {
    const accessToken = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    const grant = accessToken ? accessTokens.get(accessToken) : undefined;
    if (!grant || grant.revoked) throw new ApiError(401, 'authError', 'Invalid Credentials');
  }

  // ---- Calendar: events.list with paging and sync tokens -------------------------------------

  function startCursor(cal: CalendarState, query: Record<string, string>): Cursor {
    const base = { c: cal.id, upto: cal.seq, after: '', g: generation };
    if (query.pageToken) {
      const c = decodeOpaque(query.pageToken) as Partial<Cursor> | undefined;
      if (!c || c.c !== cal.id || typeof c.upto !== 'number' || typeof c.after !== 'string') throw new ApiError(400, 'invalid', 'Invalid page token value.');
      if (c.from !== null && c.g !== generation) throw new ApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      return c as Cursor;
    }
    if (!query.syncToken) return { ...base, from: null, del: query.showDeleted === 'true' };
    const conflict = SYNC_ONLY_CONFLICTS.find((name) => query[name] !== undefined);
    if (conflict) throw new ApiError(400, 'invalid', `Sync token cannot be combined with ${conflict}.`);
    const t = decodeOpaque(query.syncToken);
    if (!t || t.c !== cal.id || t.g !== generation || typeof t.seq !== 'number' || t.seq > cal.seq) {
      throw new ApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
    }
    return { ...base, from: t.seq, del: true };
  }

  function readMaxResults(value: string | undefined): number {
    if (value === undefined) return 250;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ApiError(400, 'invalid', `Invalid value '${value}'. Values must be within the range: [1, 2500]`);
    return Math.min(n, 2500); // Google caps the page size rather than refusing
  }

  /** Google lists deleted events minimally: only `id` is guaranteed. */
  function listItem(event: FakeGoogleEvent): Partial<FakeGoogleEvent> {
    if (event.status !== 'cancelled') return copy(event);
    return { kind: event.kind, etag: event.etag, id: event.id, status: event.status, updated: event.updated };
  }

  function listEvents(cal: CalendarState, query: Record<string, string>): Json {
    const cursor = startCursor(cal, query);
    const max = readMaxResults(query.maxResults);
    const matching = [...cal.events.values()]
      .filter((s) => s.event.id > cursor.after)
      .filter((s) => (cursor.from === null ? cursor.del || s.event.status !== 'cancelled' : s.seq > cursor.from))
      .sort(byId);
    const page = matching.slice(0, max);
    const body: Json = { kind: 'calendar#events', etag: `"${etagCounter}"`, summary: cal.summary, timeZone: cal.timeZone, updated: cal.updated, accessRole: 'owner', defaultReminders: [], items: page.map((s) => listItem(s.event)) };
    const last = page.at(-1);
    if (matching.length > max && last) body.nextPageToken = encodeOpaque({ ...cursor, after: last.event.id });
    else body.nextSyncToken = encodeOpaque({ c: cal.id, seq: cursor.upto, g: generation });
    return body;
  }

  // ---- Calendar: single events ---------------------------------------------------------------

  function insertEvent(cal: CalendarState, body: Json): FakeGoogleEvent {
    const id = body.id === undefined ? newEventId() : body.id;
    if (typeof id !== 'string' || !/^[a-v0-9]{5,1024}$/.test(id)) throw new ApiError(400, 'invalid', 'Invalid resource id value.');
    if (cal.events.has(id)) throw new ApiError(409, 'duplicate', 'The requested identifier already exists.');
    const fields = pickFields(body);
    const start = readTime(body.start, 'start');
    const end = readTime(body.end, 'end');
    checkTimeRange(start, end);
    const status = body.status === 'tentative' ? 'tentative' : 'confirmed';
    return commit(cal, createEvent(cal, id, { ...fields, start, end, status }));
  }

  /** The writable top-level fields of a request body; `null` means "clear" (as in a PATCH). */
  function pickFields(body: Json): Json {
    const fields: Json = {};
    for (const key of EVENT_FIELDS) if (key in body) fields[key] = copy(body[key]);
    if (fields.status !== undefined && !['confirmed', 'tentative', 'cancelled'].includes(String(fields.status))) {
      throw new ApiError(400, 'invalid', 'Invalid value for: status');
    }
    return fields;
  }

  /** The live event for a write, after Google's If-Match precondition; a cancelled one only when the write restores it (status confirmed). */
  function writable(cal: CalendarState, eventId: string, ifMatch: string | undefined, restores = false): FakeGoogleEvent {
    const stored = cal.events.get(eventId);
    if (!stored) throw new ApiError(404, 'notFound', 'Not Found');
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== stored.event.etag) throw new ApiError(412, 'conditionNotMet', 'Precondition Failed');
    if (stored.event.status === 'cancelled' && !restores) throw new ApiError(410, 'deleted', 'Resource has been deleted');
    return copy(stored.event);
  }

  function updateEvent(cal: CalendarState, eventId: string, body: Json, ifMatch: string | undefined, replace: boolean): FakeGoogleEvent {
    const current = writable(cal, eventId, ifMatch, body.status === 'confirmed');
    const base: Json = replace ? { kind: current.kind, id: current.id, status: 'confirmed', etag: current.etag, created: current.created, updated: current.updated, htmlLink: current.htmlLink } : ({ ...current } as Json);
    for (const [key, value] of Object.entries(pickFields(body))) {
      if (value === null) delete base[key];
      else base[key] = value;
    }
    const start = readTime(base.start, 'start');
    const end = readTime(base.end, 'end');
    checkTimeRange(start, end);
    return commit(cal, base as unknown as FakeGoogleEvent);
  }

  function deleteEvent(cal: CalendarState, eventId: string, ifMatch: string | undefined): void {
    commit(cal, { ...writable(cal, eventId, ifMatch), status: 'cancelled' });
  }

  // ---- Calendar: watch channels --------------------------------------------------------------

  function watch(cal: CalendarState, body: Json): Json {
    const { id, type, address } = body;
    if (typeof id !== 'string' || !id) throw new ApiError(400, 'required', 'Required: id');
    if (typeof address !== 'string' || !address) throw new ApiError(400, 'required', 'Required: address');
    if (type !== 'web_hook' && type !== 'webhook') throw new ApiError(400, 'invalid', `Invalid channel type: ${String(type)}`);
    if (channelsById.has(id)) throw new ApiError(400, 'channelIdNotUnique', `Channel id ${id} not unique`);
    const ttl = isRecord(body.params) && body.params.ttl !== undefined ? Number(body.params.ttl) : 604800;
    if (!Number.isFinite(ttl) || ttl <= 0) throw new ApiError(400, 'invalid', 'Invalid ttl value.');
    const channel: Channel = { id, resourceId: cal.resourceId, address, calendarId: cal.id, expiration: Date.now() + ttl * 1000, messageNumber: 0, stopped: false, queue: Promise.resolve() };
    if (typeof body.token === 'string') channel.token = body.token;
    channelsById.set(id, channel);
    notify(channel, 'sync');
    return { kind: 'api#channel', id, resourceId: channel.resourceId, resourceUri: resourceUri(cal.id), token: channel.token, expiration: String(channel.expiration) };
  }

  function stopChannel(body: Json): void {
    const channel = typeof body.id === 'string' ? channelsById.get(body.id) : undefined;
    if (!channel || channel.resourceId !== body.resourceId) throw new ApiError(404, 'notFound', `Channel '${String(body.id)}' not found for project 'fake'`);
    channel.stopped = true;
    channelsById.delete(channel.id);
  }

  // ---- routing -------------------------------------------------------------------------------

  function routeCalendar(method: string, segments: string[], query: Record<string, string>, body: unknown, ifMatch: string | undefined): Reply {
    const json = isRecord(body) ? body : {};
    const ok = (data: unknown): Reply => ({ status: 200, body: data });
    const [head, calendarId, sub, eventId, extra] = segments;
    if (method === 'GET' && segments.join('/') === 'users/me/calendarList') {
      const items = [...calendars.values()].map((c) => ({ kind: 'calendar#calendarListEntry', id: c.id, summary: c.summary, timeZone: c.timeZone, accessRole: 'owner', ...(c.primary ? { primary: true } : {}) }));
      return ok({ kind: 'calendar#calendarList', items });
    }
    if (method === 'POST' && segments.join('/') === 'channels/stop') {
      stopChannel(json);
      return { status: 204 };
    }
    if (head !== 'calendars' || calendarId === undefined || extra !== undefined) throw new ApiError(404, 'notFound', 'Not Found');
    const cal = calendarOf(calendarId);
    if (sub === undefined && method === 'GET') return ok({ kind: 'calendar#calendar', id: cal.id, summary: cal.summary, timeZone: cal.timeZone });
    if (sub !== 'events') throw new ApiError(404, 'notFound', 'Not Found');
    if (eventId === undefined && method === 'GET') return ok(listEvents(cal, query));
    if (eventId === undefined && method === 'POST') return ok(insertEvent(cal, json));
    if (eventId === 'watch' && method === 'POST') return ok(watch(cal, json));
    if (eventId === undefined) throw new ApiError(404, 'notFound', 'Not Found');
    if (method === 'GET') {
      const stored = cal.events.get(eventId);
      if (!stored) throw new ApiError(404, 'notFound', 'Not Found');
      return ok(copy(stored.event)); // Google still returns cancelled events by id
    }
    if (method === 'PATCH' || method === 'PUT') return ok(updateEvent(cal, eventId, json, ifMatch, method === 'PUT'));
    if (method === 'DELETE') {
      deleteEvent(cal, eventId, ifMatch);
      return { status: 204 };
    }
    throw new ApiError(404, 'notFound', 'Not Found');
  }

  /** A scripted failure for this path, if one is pending. */
  function takeFailure(path: string, method: string, applied: boolean): Reply | undefined {
    const failure = failures.find((f) => f.remaining > 0 && f.afterApplying === applied && f.pattern.test(path) && (!f.method || f.method === method));
    if (!failure) return undefined;
    if (failure.skip > 0) {
      failure.skip -= 1;
      return undefined;
    }
    failure.remaining -= 1;
    const { status, reason, message } = failure.error;
    const fallback = reason === 'rateLimitExceeded' ? 'Rate Limit Exceeded' : (http.STATUS_CODES[status] ?? 'Error');
    return { status, body: errorBody(status, reason, message ?? fallback) };
  }

  function route(req: http.IncomingMessage, path: string, query: Record<string, string>, body: unknown): Reply {
    const method = req.method ?? 'GET';
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const calendarPath = path.startsWith('/calendar/v3/');
    if (calendarPath) authenticate(header('authorization'));
    const failure = takeFailure(path, method, false);
    if (failure) return failure;
    if (body instanceof ApiError) throw body;
    const reply = routeRequest(req, method, path, query, body, header, calendarPath);
    return takeFailure(path, method, true) ?? reply;
  }

  function routeRequest(req: http.IncomingMessage, method: string, path: string, query: Record<string, string>, body: unknown, header: (name: string) => string | undefined, calendarPath: boolean): Reply {
    if (method === 'GET' && path === '/o/oauth2/v2/auth') return authorize(query);
    if (method === 'POST' && path === '/token') return exchangeToken(body, header('authorization'));
    if (method === 'POST' && path === '/revoke') return revoke(query, body);
    if (!calendarPath) throw new ApiError(404, 'notFound', 'Not Found');
    const segments = path.slice('/calendar/v3/'.length).split('/').map((s) => decodeURIComponent(s));
    return routeCalendar(method, segments, query, body, header('if-match'));
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    const headers = { ...reply.headers };
    let payload = '';
    if (reply.body !== undefined) {
      payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=UTF-8';
    }
    res.writeHead(reply.status, headers).end(reply.status === 204 ? undefined : payload);
  }

  function errorReply(error: unknown): Reply {
    if (error instanceof OAuthError) return { status: error.status, body: { error: error.code, error_description: error.description } };
    if (error instanceof ApiError) return { status: error.status, body: errorBody(error.status, error.reason, error.message) };
    if (error instanceof URIError) return { status: 400, body: errorBody(400, 'invalid', 'Invalid path encoding') };
    return { status: 500, body: errorBody(500, 'backendError', error instanceof Error ? error.message : 'Backend Error') };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(parsed.searchParams);
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
      requests.push({ method: req.method ?? 'GET', path: parsed.pathname, query, body: body instanceof ApiError ? undefined : body, headers: { ...req.headers } });
      let reply: Reply;
      try {
        reply = route(req, parsed.pathname, query, body);
      } catch (error) {
        reply = errorReply(error);
      }
      send(res, reply);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  addCalendar({ id: 'primary-cal', summary: 'dana@gmail.test', timeZone: 'Europe/Berlin' }, true);

  // ---- the test-facing handle ----------------------------------------------------------------

  return {
    url,
    authorizationUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    revokeUrl: `${url}/revoke`,
    requests,
    notifications,
    setUser: (next) => { user = { ...next }; },
    addCalendar: (calendar) => addCalendar(calendar),
    putEvent(calendarId, input) {
      const cal = knownCalendar(calendarId);
      const existing = input.id === undefined ? undefined : cal.events.get(input.id)?.event;
      const fields = pickFields(input as Json);
      const base = existing ? copy(existing) : createEvent(cal, input.id ?? newEventId(), {});
      return commit(cal, { ...base, ...fields } as FakeGoogleEvent);
    },
    removeEvent(calendarId, eventId) {
      const cal = knownCalendar(calendarId);
      const existing = cal.events.get(eventId)?.event;
      if (!existing || existing.status === 'cancelled') throw new Error(`fake-google: no live event ${eventId} in ${calendarId}`);
      commit(cal, { ...copy(existing), status: 'cancelled' });
    },
    events: (calendarId) => [...knownCalendar(calendarId).events.values()].filter((s) => s.event.status !== 'cancelled').sort(byId).map((s) => copy(s.event)),
    event: (calendarId, eventId) => {
      const stored = knownCalendar(calendarId).events.get(eventId);
      return stored ? copy(stored.event) : undefined;
    },
    count: (method, pathPattern) => requests.filter((r) => r.method === method.toUpperCase() && pathPattern.test(r.path)).length,
    failNext: (pattern, error, times = 1, options = {}) => {
      failures.push({ pattern, error, remaining: times, ...(options.method ? { method: options.method } : {}), skip: options.skip ?? 0, afterApplying: options.afterApplying ?? false });
    },
    expireSyncTokens: () => { generation += 1; },
    revokeRefreshTokens(refreshToken) {
      for (const [value, grant] of refreshTokens) if (refreshToken === undefined || value === refreshToken) grant.revoked = true;
    },
    channels: () => [...channelsById.values()].map(({ id, resourceId, address, token: t, expiration, calendarId }) => ({ id, resourceId, address, ...(t === undefined ? {} : { token: t }), expiration, calendarId })),
    async close() {
      await Promise.all(deliveries);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
