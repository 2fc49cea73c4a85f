/**
 * A local fake of Google's OAuth 2.0 endpoints and Calendar API v3, speaking their HTTP shapes so
 * the real `google-auth-library` and `@googleapis/calendar` clients can be pointed at it
 * (OAuth2Client `endpoints`, calendar `rootUrl: fake.url + '/'`). State lives in memory.
 *
 * The parts live in ./fake-google/: the OAuth side (oauth.ts), calendars and their events
 * (calendars.ts), events.list with page and sync tokens (event-listing.ts), watch channels and
 * their notifications (watch-channels.ts), and the HTTP server with failure injection (server.ts).
 */
import { CalendarStore } from './fake-google/calendars.js';
import { EventListing } from './fake-google/event-listing.js';
import { GoogleOAuth } from './fake-google/oauth.js';
import { FailureScript, listen } from './fake-google/server.js';
import type { DeliveredNotification, FakeGoogleEvent, RecordedRequest } from './fake-google/shared.js';
import { WatchChannels } from './fake-google/watch-channels.js';

export type { FakeGoogleEvent } from './fake-google/shared.js';

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
  requests: RecordedRequest[];
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
  notifications: DeliveredNotification[];
  close(): Promise<void>;
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  let url = '';
  const requests: RecordedRequest[] = [];
  const oauth = new GoogleOAuth();
  const channels = new WatchChannels(() => url);
  const calendars = new CalendarStore((calendarId) => channels.changed(calendarId));
  const listing = new EventListing(calendars);
  const failures = new FailureScript();

  const server = await listen({ oauth, calendars, listing, channels, failures, requests });
  url = server.url;
  calendars.addCalendar({ id: 'primary-cal', summary: 'dana@gmail.test', timeZone: 'Europe/Berlin' }, true);

  return {
    url,
    authorizationUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    revokeUrl: `${url}/revoke`,
    requests,
    notifications: channels.notifications,
    setUser: (next) => oauth.setUser(next),
    addCalendar: (calendar) => calendars.addCalendar(calendar),
    putEvent: (calendarId, input) => calendars.putEvent(calendarId, input),
    removeEvent: (calendarId, eventId) => calendars.removeEvent(calendarId, eventId),
    events: (calendarId) => calendars.events(calendarId),
    event: (calendarId, eventId) => calendars.event(calendarId, eventId),
    count: (method, pathPattern) => requests.filter((r) => r.method === method.toUpperCase() && pathPattern.test(r.path)).length,
    failNext: (pattern, error, times, options) => failures.add(pattern, error, times, options),
    expireSyncTokens: () => listing.expireSyncTokens(),
    revokeRefreshTokens: (refreshToken) => oauth.revokeRefreshTokens(refreshToken),
    channels: () => channels.list(),
    async close() {
      await channels.settled(); // deliveries in flight finish first
      await server.close();
    },
  };
}
