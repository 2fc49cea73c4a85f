/**
 * The fake's HTTP side: one server that records each request, routes it to the OAuth or Calendar
 * part, lets scripted failures answer instead, and turns thrown errors into Google's shapes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, OAuthError, copy, errorBody, isRecord, parseBody, type RecordedRequest, type Reply } from './shared.js';
import type { GoogleOAuth } from './oauth.js';
import type { CalendarStore } from './calendars.js';
import type { EventListing } from './event-listing.js';
import type { WatchChannels } from './watch-channels.js';

export type ScriptedError = { status: number; reason: string; message?: string };

/** Failures scripted by the tests (FakeGoogle.failNext), taken by the requests they match. */
export class FailureScript {
  private readonly failures: { pattern: RegExp; error: ScriptedError; remaining: number; method?: string; skip: number; afterApplying: boolean }[] = [];

  add(pattern: RegExp, error: ScriptedError, times = 1, options: { method?: string; skip?: number; afterApplying?: boolean } = {}): void {
    this.failures.push({ pattern, error, remaining: times, ...(options.method ? { method: options.method } : {}), skip: options.skip ?? 0, afterApplying: options.afterApplying ?? false });
  }

  /** A scripted failure for this path, if one is pending. */
  take(path: string, method: string, applied: boolean): Reply | undefined {
    const failure = this.failures.find((f) => f.remaining > 0 && f.afterApplying === applied && f.pattern.test(path) && (!f.method || f.method === method));
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
}

/** What the server answers from, and where it records the requests it gets. */
export interface FakeGoogleParts { oauth: GoogleOAuth; calendars: CalendarStore; listing: EventListing; channels: WatchChannels; failures: FailureScript; requests: RecordedRequest[] }

/** Listens on a free port of 127.0.0.1. */
export async function listen(parts: FakeGoogleParts): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(parsed.searchParams);
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
      parts.requests.push({ method: req.method ?? 'GET', path: parsed.pathname, query, body: body instanceof ApiError ? undefined : body, headers: { ...req.headers } });
      let reply: Reply;
      try {
        reply = route(parts, req, parsed.pathname, query, body);
      } catch (error) {
        reply = errorReply(error);
      }
      send(res, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function route(parts: FakeGoogleParts, req: http.IncomingMessage, path: string, query: Record<string, string>, body: unknown): Reply {
  const method = req.method ?? 'GET';
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
  const calendarPath = path.startsWith('/calendar/v3/');
  if (calendarPath) parts.oauth.authenticate(header('authorization'));
  const failure = parts.failures.take(path, method, false);
  if (failure) return failure;
  if (body instanceof ApiError) throw body;
  const reply = routeRequest(parts, method, path, query, body, header, calendarPath);
  return parts.failures.take(path, method, true) ?? reply;
}

function routeRequest(parts: FakeGoogleParts, method: string, path: string, query: Record<string, string>, body: unknown, header: (name: string) => string | undefined, calendarPath: boolean): Reply {
  if (method === 'GET' && path === '/o/oauth2/v2/auth') return parts.oauth.authorize(query);
  if (method === 'POST' && path === '/token') return parts.oauth.exchangeToken(body, header('authorization'));
  if (method === 'POST' && path === '/revoke') return parts.oauth.revoke(query, body);
  if (!calendarPath) throw new ApiError(404, 'notFound', 'Not Found');
  const segments = path.slice('/calendar/v3/'.length).split('/').map((s) => decodeURIComponent(s));
  return routeCalendar(parts, method, segments, query, body, header('if-match'));
}

function routeCalendar({ calendars, listing, channels }: FakeGoogleParts, method: string, segments: string[], query: Record<string, string>, body: unknown, ifMatch: string | undefined): Reply {
  const json = isRecord(body) ? body : {};
  const ok = (data: unknown): Reply => ({ status: 200, body: data });
  const [head, calendarId, sub, eventId, extra] = segments;
  if (method === 'GET' && segments.join('/') === 'users/me/calendarList') {
    const items = calendars.all().map((c) => ({ kind: 'calendar#calendarListEntry', id: c.id, summary: c.summary, timeZone: c.timeZone, accessRole: 'owner', ...(c.primary ? { primary: true } : {}) }));
    return ok({ kind: 'calendar#calendarList', items });
  }
  if (method === 'POST' && segments.join('/') === 'channels/stop') {
    channels.stop(json);
    return { status: 204 };
  }
  if (head !== 'calendars' || calendarId === undefined || extra !== undefined) throw new ApiError(404, 'notFound', 'Not Found');
  const cal = calendars.calendarOf(calendarId);
  if (sub === undefined && method === 'GET') return ok({ kind: 'calendar#calendar', id: cal.id, summary: cal.summary, timeZone: cal.timeZone });
  if (sub !== 'events') throw new ApiError(404, 'notFound', 'Not Found');
  if (eventId === undefined && method === 'GET') return ok(listing.list(cal, query));
  if (eventId === undefined && method === 'POST') return ok(calendars.insertEvent(cal, json));
  if (eventId === 'watch' && method === 'POST') return ok(channels.watch(cal, json));
  if (eventId === undefined) throw new ApiError(404, 'notFound', 'Not Found');
  if (method === 'GET') {
    const stored = cal.events.get(eventId);
    if (!stored) throw new ApiError(404, 'notFound', 'Not Found');
    return ok(copy(stored.event)); // Google still returns cancelled events by id
  }
  if (method === 'PATCH' || method === 'PUT') return ok(calendars.updateEvent(cal, eventId, json, ifMatch, method === 'PUT'));
  if (method === 'DELETE') {
    calendars.deleteEvent(cal, eventId, ifMatch);
    return { status: 204 };
  }
  throw new ApiError(404, 'notFound', 'Not Found');
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
