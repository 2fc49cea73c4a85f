import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdFor, googleIdFor } from '../operations/google-calendar/event-mapping.js';
import { type Harness, harness } from './helpers/collab-harness.js';
import type { SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeGoogle, startFakeGoogle } from './helpers/fake-google.js';
import { googleEnv } from './helpers/google-env.js';

const POLL = { timeout: 30_000, interval: 100 };
const CALENDAR = 'primary-cal';

interface Link {
  id: string;
  status: string;
  lastError: string | null;
  lastSyncedAt: string | null;
  updates: string;
  conflicts: { eventId: string; fields: string[]; winner: string }[];
}

interface OurEvent {
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  archived: boolean;
  etag: string;
}

describe.each(BACKENDS)('Google Calendar two-way sync: %s', (kind) => {
  let google: FakeGoogle;
  // Filled before the harness starts its server: the fake's address is known only once it listens.
  const env: Record<string, string> = {};
  beforeAll(async () => {
    google = await startFakeGoogle();
    Object.assign(env, { ...googleEnv(google), SECRETS_KEY: 'google-calendar-test-key-0123456789abcdef' });
  });
  const h: Harness = harness(kind, env);
  afterAll(async () => {
    await google?.close();
  });

  /** The consent round trip a browser makes: our redirect to Google, Google's back to our callback with the state cookie. */
  async function connect(person: SignedIn, projectId: string): Promise<string> {
    const auth = { authorization: `Bearer ${person.accessToken}` };
    const start = await fetch(`${h.app.url}/api/google-calendar/connect?projectId=${projectId}`, { headers: auth, redirect: 'manual' });
    expect(start.status).toBe(302);
    const state = start.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = await fetch(consent.headers.get('location')!, { headers: { ...auth, cookie: state }, redirect: 'manual' });
    expect(back.status).toBe(302);
    return back.headers.get('location')!;
  }

  async function accountOf(person: SignedIn): Promise<{ id: string; status: string }> {
    const accounts = await h.api.call<{ id: string; status: string; email: string }[]>('GET', '/api/google-calendar/accounts', { token: person.accessToken });
    expect(accounts.status).toBe(200);
    return accounts.body.data.at(-1)!;
  }

  async function newCalendar(title: string): Promise<string> {
    const created = await h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { token: h.owner.accessToken, body: { kind: 'calendar', title } });
    expect(created.status).toBe(201);
    return created.body.data.name.split(':')[2]!;
  }

  const itemId = (calendarId: string, eventId: string) => `${h.projectId}.${calendarId}.${eventId}`;

  async function ourEvent(calendarId: string, eventId: string): Promise<OurEvent | null> {
    const reply = await h.api.call<OurEvent>('GET', `/api/calendar/events/${itemId(calendarId, eventId)}`, { token: h.owner.accessToken });
    return reply.status === 200 ? reply.body.data : null;
  }

  async function createOurs(calendarId: string, eventId: string, fields: Record<string, unknown>): Promise<void> {
    const created = await h.api.call('POST', '/api/calendar/events', { token: h.owner.accessToken, body: { projectId: h.projectId, calendarId, eventId, channel: 'youtube', ...fields } });
    expect(created.status).toBe(201);
  }

  async function links(): Promise<Link[]> {
    const reply = await h.api.call<Link[]>('GET', `/api/projects/${h.projectId}/google-calendar-links`, { token: h.owner.accessToken });
    expect(reply.status).toBe(200);
    return reply.body.data;
  }

  async function linkCalendar(calendarId: string, googleCalendarId: string, accountId: string): Promise<Link> {
    const linked = await h.api.call<Link>('POST', `/api/projects/${h.projectId}/google-calendar-links`, { token: h.owner.accessToken, body: { documentId: calendarId, accountId, googleCalendarId } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    return linked.body.data;
  }

  /** Waits until the link's last pass ended after `since` (and nothing is queued for it is not knowable here: callers poll for the outcome they expect). */
  async function syncedAfter(linkId: string, since: number): Promise<Link> {
    let found: Link | undefined;
    await expect
      .poll(async () => {
        found = (await links()).find((link) => link.id === linkId);
        return found?.lastSyncedAt ? Date.parse(found.lastSyncedAt) > since : false;
      }, POLL)
      .toBe(true);
    return found!;
  }

  let accountId: string;
  let calendarId: string;
  let link: Link;

  it('connects a Google account with calendar access (refresh token sealed), links a calendar, and the first pass copies both ways', async () => {
    const landing = await connect(h.owner, h.projectId);
    expect(landing).toBe(`/#/p/${h.projectId}/google-calendar?connected=1`);
    const account = await accountOf(h.owner);
    expect(account.status).toBe('active');
    accountId = account.id;
    const stored = await h.app.db.query<{ refresh_token: string }>('SELECT refresh_token FROM google_accounts WHERE id = $1', [accountId]);
    expect(stored.rows[0]!.refresh_token).not.toMatch(/^refresh/);
    const calendars = await h.api.call<{ id: string }[]>('GET', `/api/google-calendar/accounts/${accountId}/calendars`, { token: h.owner.accessToken });
    expect(calendars.body.data.map((c) => c.id)).toContain(CALENDAR);

    calendarId = await newCalendar('Publishing');
    await createOurs(calendarId, 'launch', { title: 'Launch video', start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T10:00:00+01:00', timeZone: 'Europe/Berlin' });
    const theirs = google.putEvent(CALENDAR, { summary: 'Podcast recording', description: 'Studio B', start: { dateTime: '2026-12-02T14:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-02T15:30:00+01:00', timeZone: 'Europe/Berlin' } });

    link = await linkCalendar(calendarId, CALENDAR, accountId);
    await expect.poll(() => google.event(CALENDAR, googleIdFor(link.id, 'launch'))?.summary, POLL).toBe('Launch video');
    const copied = google.event(CALENDAR, googleIdFor(link.id, 'launch'))!;
    expect(Date.parse(copied.start!.dateTime!)).toBe(Date.parse('2026-12-01T09:00:00+01:00'));
    expect(copied.start!.timeZone).toBe('Europe/Berlin');
    await expect.poll(async () => (await ourEvent(calendarId, eventIdFor(link.id, theirs.id)))?.title, POLL).toBe('Podcast recording');
    const fromGoogle = (await ourEvent(calendarId, eventIdFor(link.id, theirs.id)))!;
    expect(fromGoogle).toMatchObject({ description: 'Studio B', timeZone: 'Europe/Berlin', allDay: false });
    expect(Date.parse(fromGoogle.start)).toBe(Date.parse('2026-12-02T14:00:00+01:00'));
    // The pass opened a push channel to us, and Google's own copy of our event did not come back as a second one.
    await expect.poll(async () => (await links()).find((l) => l.id === link.id)?.updates, POLL).toBe('push');
    expect(google.events(CALENDAR)).toHaveLength(2);
  });

  it('carries a change on each side to the other once, and never sends Google’s change back to it', async () => {
    const ours = (await ourEvent(calendarId, 'launch'))!;
    const renamed = await h.api.call('PUT', `/api/calendar/events/${itemId(calendarId, 'launch')}`, { token: h.owner.accessToken, body: { title: 'Launch video (final)' }, headers: { 'if-match': ours.etag } });
    expect(renamed.status).toBe(200);
    const googleId = googleIdFor(link.id, 'launch');
    // A new title has no change-feed event of its own: the scan finds the document changed since the last pass.
    await expect.poll(() => google.event(CALENDAR, googleId)?.summary, POLL).toBe('Launch video (final)');
    const rescheduled = await h.api.call('PUT', `/api/calendar/events/${itemId(calendarId, 'launch')}`, { token: h.owner.accessToken, body: { start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T12:00:00+01:00' } });
    expect(rescheduled.status).toBe(200);
    await expect.poll(() => Date.parse(google.event(CALENDAR, googleId)?.start?.dateTime ?? ''), POLL).toBe(Date.parse('2026-12-01T11:00:00+01:00'));
    const patchesOfOurs = google.count('PATCH', new RegExp(`/events/${googleId}$`));
    expect(patchesOfOurs).toBe(2);

    const [podcast] = google.events(CALENDAR).filter((event) => event.summary === 'Podcast recording');
    const before = Date.now();
    google.putEvent(CALENDAR, { ...podcast!, summary: 'Podcast recording (moved)', start: { dateTime: '2026-12-03T14:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-03T15:30:00+01:00', timeZone: 'Europe/Berlin' } });
    const ourId = eventIdFor(link.id, podcast!.id);
    await expect.poll(async () => (await ourEvent(calendarId, ourId))?.title, POLL).toBe('Podcast recording (moved)');
    expect(Date.parse((await ourEvent(calendarId, ourId))!.start)).toBe(Date.parse('2026-12-03T14:00:00+01:00'));
    // The change feed's reschedule asks for a pass; that pass finds nothing to send back.
    await syncedAfter(link.id, before);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(google.count('PATCH', new RegExp(`/events/${podcast!.id}$`))).toBe(0);
    expect(google.count('PATCH', new RegExp(`/events/${googleId}$`))).toBe(patchesOfOurs);

    // Deleted in Google: archived here. Archived here: deleted in Google.
    google.removeEvent(CALENDAR, podcast!.id);
    await expect.poll(async () => (await ourEvent(calendarId, ourId))?.archived, POLL).toBe(true);
    const archived = await h.api.call('DELETE', `/api/calendar/events/${itemId(calendarId, 'launch')}`, { token: h.owner.accessToken });
    expect(archived.status).toBe(200);
    await expect.poll(() => google.event(CALENDAR, googleId)?.status, POLL).toBe('cancelled');
    expect(google.events(CALENDAR)).toEqual([]);
  });

  it('round-trips an all-day event and one across a daylight-saving change exactly, and keeps an unknown zone’s instant (flagged)', async () => {
    const before = Date.now();
    await createOurs(calendarId, 'holiday', { title: 'Christmas break', start: '2026-12-24T00:00:00+01:00', end: '2026-12-26T00:00:00+01:00', timeZone: 'Europe/Berlin', allDay: true });
    const dst = google.putEvent(CALENDAR, { summary: 'Night shoot', start: { dateTime: '2026-03-28T22:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-29T10:00:00+02:00', timeZone: 'Europe/Berlin' } });
    const weekend = google.putEvent(CALENDAR, { summary: 'Autumn retreat', start: { date: '2026-10-24' }, end: { date: '2026-10-26' } });
    const mars = google.putEvent(CALENDAR, { summary: 'Rover check-in', start: { dateTime: '2026-05-01T10:00:00Z', timeZone: 'Mars/Olympus' }, end: { dateTime: '2026-05-01T11:00:00Z', timeZone: 'Mars/Olympus' } });

    const holidayId = googleIdFor(link.id, 'holiday');
    await expect.poll(() => google.event(CALENDAR, holidayId)?.start, POLL).toEqual({ date: '2026-12-24' });
    expect(google.event(CALENDAR, holidayId)!.end).toEqual({ date: '2026-12-26' });
    await expect.poll(async () => (await ourEvent(calendarId, eventIdFor(link.id, mars.id)))?.timeZone, POLL).toBe('UTC');
    const marsHere = (await ourEvent(calendarId, eventIdFor(link.id, mars.id)))!;
    expect(Date.parse(marsHere.start)).toBe(Date.parse('2026-05-01T10:00:00Z'));
    // The sync records what it imported once the event is in the board: the listing may show it first.
    const flags = async () => (await h.app.db.query<{ flags: string[] }>('SELECT flags FROM google_calendar_entries WHERE link_id = $1 AND google_event_id = $2', [link.id, mars.id])).rows[0]?.flags;
    await expect.poll(flags, POLL).toEqual(['unknown-time-zone:Mars/Olympus']);

    const night = (await ourEvent(calendarId, eventIdFor(link.id, dst.id)))!;
    expect([Date.parse(night.start), Date.parse(night.end), night.timeZone]).toEqual([Date.parse('2026-03-28T21:00:00Z'), Date.parse('2026-03-29T08:00:00Z'), 'Europe/Berlin']);
    const retreat = (await ourEvent(calendarId, eventIdFor(link.id, weekend.id)))!;
    expect(retreat).toMatchObject({ allDay: true, timeZone: 'Europe/Berlin', start: '2026-10-24T00:00:00+02:00', end: '2026-10-26T00:00:00+01:00' });

    // Renamed here, each goes back with its times exactly as Google had them.
    for (const [id, title] of [[eventIdFor(link.id, dst.id), 'Night shoot (crew B)'], [eventIdFor(link.id, weekend.id), 'Autumn retreat (all)']] as const) {
      const renamed = await h.api.call('PUT', `/api/calendar/events/${itemId(calendarId, id)}`, { token: h.owner.accessToken, body: { title } });
      expect(renamed.status).toBe(200);
    }
    await expect.poll(() => google.event(CALENDAR, weekend.id)?.summary, POLL).toBe('Autumn retreat (all)');
    await expect.poll(() => google.event(CALENDAR, dst.id)?.summary, POLL).toBe('Night shoot (crew B)');
    expect(google.event(CALENDAR, weekend.id)).toMatchObject({ start: { date: '2026-10-24' }, end: { date: '2026-10-26' } });
    const nightThere = google.event(CALENDAR, dst.id)!;
    expect([Date.parse(nightThere.start!.dateTime!), Date.parse(nightThere.end!.dateTime!), nightThere.start!.timeZone]).toEqual([Date.parse('2026-03-28T21:00:00Z'), Date.parse('2026-03-29T08:00:00Z'), 'Europe/Berlin']);
    expect((await syncedAfter(link.id, before)).status).toBe('active');
  });

  it('a revoked token sends the link to needs-reconnect while the calendar keeps working; changed on both sides meanwhile, the later edit wins and the conflict is shown', async () => {
    await createOurs(calendarId, 'review', { title: 'Review', description: 'Agenda', start: '2026-12-10T09:00:00+01:00', end: '2026-12-10T10:00:00+01:00', timeZone: 'Europe/Berlin' });
    const googleId = googleIdFor(link.id, 'review');
    await expect.poll(() => google.event(CALENDAR, googleId)?.summary, POLL).toBe('Review');

    google.revokeRefreshTokens();
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links/${link.id}/sync`, { token: h.owner.accessToken })).status).toBe(202);
    await expect.poll(async () => (await links()).find((l) => l.id === link.id)?.status, POLL).toBe('needs-reconnect');
    expect((await accountOf(h.owner)).status).toBe('needs-reconnect');

    // Both sides change the event while the link waits: the title on both (Google's later), the description only here.
    const changed = await h.api.call('PUT', `/api/calendar/events/${itemId(calendarId, 'review')}`, { token: h.owner.accessToken, body: { title: 'Review (here)', description: 'Agenda v2' } });
    expect(changed.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    google.putEvent(CALENDAR, { ...google.event(CALENDAR, googleId)!, summary: 'Review (in Google)' });

    expect(await connect(h.owner, h.projectId)).toBe(`/#/p/${h.projectId}/google-calendar?connected=1`);
    expect((await links()).find((l) => l.id === link.id)?.status).toBe('active');
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links/${link.id}/sync`, { token: h.owner.accessToken })).status).toBe(202);
    await expect.poll(async () => (await ourEvent(calendarId, 'review'))?.title, POLL).toBe('Review (in Google)');
    await expect.poll(() => google.event(CALENDAR, googleId)?.description, POLL).toBe('Agenda v2');
    expect(google.event(CALENDAR, googleId)!.summary).toBe('Review (in Google)');
    expect((await ourEvent(calendarId, 'review'))!.description).toBe('Agenda v2');
    await expect.poll(async () => (await links()).find((l) => l.id === link.id)?.conflicts.find((c) => c.eventId === 'review'), POLL).toMatchObject({ fields: ['title'], winner: 'google' });
  });

  it('a pass cut off after Google carried out an insert, and run again, makes nothing twice', { timeout: 60_000 }, async () => {
    const second = await newCalendar('Shorts');
    for (let i = 0; i < 4; i++) await createOurs(second, `short-${i}`, { title: `Short ${i}`, start: `2026-11-0${i + 1}T12:00:00Z`, end: `2026-11-0${i + 1}T12:30:00Z` });
    google.addCalendar({ id: 'shorts-cal', summary: 'Shorts', timeZone: 'UTC' });
    // The third insert is done at Google but its answer never arrives, as when the worker dies mid-call.
    google.failNext(/\/calendars\/shorts-cal\/events$/, { status: 503, reason: 'backendError' }, 1, { method: 'POST', skip: 2, afterApplying: true });
    const shorts = await linkCalendar(second, 'shorts-cal', accountId);
    await expect.poll(async () => (await links()).find((l) => l.id === shorts.id)?.lastSyncedAt ?? null, POLL).not.toBeNull();
    expect(google.events('shorts-cal').map((event) => event.summary).sort()).toEqual(['Short 0', 'Short 1', 'Short 2', 'Short 3']);
    // Four inserts: the next pass recognised the cut-off one by its derived id in Google's list.
    expect(google.count('POST', /\/calendars\/shorts-cal\/events$/)).toBe(4);
    expect((await h.api.call<{ items: OurEvent[] }>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${second}&limit=100`, { token: h.owner.accessToken })).body.data.items).toHaveLength(4);
    const mapped = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM google_calendar_entries WHERE link_id = $1', [shorts.id]);
    expect(Number(mapped.rows[0]!.n)).toBe(4);
  });

  it('refuses what it cannot keep correct, and shrugs off forged notifications and rate limits', { timeout: 90_000 }, async () => {
    google.addCalendar({ id: 'series-cal', summary: 'Series', timeZone: 'UTC' });
    google.putEvent('series-cal', { summary: 'Weekly sync', recurrence: ['RRULE:FREQ=WEEKLY'], start: { dateTime: '2026-12-07T10:00:00Z' }, end: { dateTime: '2026-12-07T11:00:00Z' } });
    const third = await newCalendar('Series');
    const recurring = await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links`, { token: h.owner.accessToken, body: { documentId: third, accountId, googleCalendarId: 'series-cal' } });
    expect(recurring.status).toBe(422);
    expect(recurring.body.error?.code).toBe('RECURRING_EVENTS');
    const twice = await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links`, { token: h.owner.accessToken, body: { documentId: third, accountId, googleCalendarId: CALENDAR } });
    expect([twice.status, twice.body.error?.code]).toEqual([409, 'ALREADY_LINKED']);

    // Another person cannot use the owner's Google account, and a viewer cannot link at all.
    const viewer = await h.member('viewer');
    const borrowed = await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links`, { token: viewer.accessToken, body: { documentId: third, accountId, googleCalendarId: 'series-cal' } });
    expect(borrowed.status).toBe(403);
    const editor = await h.member('editor');
    const notTheirs = await h.api.call('POST', `/api/projects/${h.projectId}/google-calendar-links`, { token: editor.accessToken, body: { documentId: third, accountId, googleCalendarId: 'series-cal' } });
    expect(notTheirs.status).toBe(404);
    expect((await h.api.call('GET', `/api/google-calendar/accounts/${accountId}/calendars`, { token: editor.accessToken })).status).toBe(404);

    // A notification with a wrong token is answered like any other and starts nothing.
    const channel = google.channels().find((c) => c.calendarId === CALENDAR && c.expiration > Date.now())!;
    const listsBefore = google.count('GET', /\/calendars\/primary-cal\/events$/);
    const forged = await fetch(`${h.app.url}/api/google-calendar/notifications`, {
      method: 'POST',
      headers: { 'X-Goog-Channel-ID': channel.id, 'X-Goog-Channel-Token': 'guessed', 'X-Goog-Resource-ID': channel.resourceId, 'X-Goog-Resource-State': 'exists' },
    });
    expect(forged.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(google.count('GET', /\/calendars\/primary-cal\/events$/)).toBe(listsBefore);

    // Rate limited: the pass is retried with backoff and gets there (429 and 5xx count the same: google-client.test.ts).
    google.failNext(/\/calendars\/primary-cal\/events$/, { status: 403, reason: 'rateLimitExceeded' }, 1, { method: 'GET' });
    const late = google.putEvent(CALENDAR, { summary: 'After the limit', start: { dateTime: '2026-12-20T10:00:00Z' }, end: { dateTime: '2026-12-20T11:00:00Z' } });
    await expect.poll(async () => (await ourEvent(calendarId, eventIdFor(link.id, late.id)))?.title, { timeout: 60_000, interval: 250 }).toBe('After the limit');
    expect((await links()).find((l) => l.id === link.id)?.status).toBe('active');

    // A series added in Google after linking is skipped and counted, and uncounted once deleted.
    const series = google.putEvent(CALENDAR, { summary: 'Standup', recurrence: ['RRULE:FREQ=DAILY'], start: { dateTime: '2026-12-14T09:00:00Z' }, end: { dateTime: '2026-12-14T09:15:00Z' } });
    await expect.poll(async () => (await links()).find((l) => l.id === link.id) as Link & { recurringSkipped: number }, POLL).toMatchObject({ recurringSkipped: 1 });
    google.removeEvent(CALENDAR, series.id);
    await expect.poll(async () => (await links()).find((l) => l.id === link.id) as Link & { recurringSkipped: number }, POLL).toMatchObject({ recurringSkipped: 0 });
    const listed = await h.api.call<{ items: OurEvent[] }>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendarId}&limit=100`, { token: h.owner.accessToken });
    expect(listed.body.data.items.filter((e) => e.title === 'Standup')).toEqual([]);

    // The sync token expires: the next pass lists everything again and duplicates nothing.
    google.expireSyncTokens();
    const count = google.events(CALENDAR).length;
    google.putEvent(CALENDAR, { summary: 'After expiry', start: { dateTime: '2026-12-21T10:00:00Z' }, end: { dateTime: '2026-12-21T11:00:00Z' } });
    await expect.poll(() => google.events(CALENDAR).length, POLL).toBe(count + 1);
    await expect.poll(async () => (await h.api.call<{ items: OurEvent[] }>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendarId}&limit=100`, { token: h.owner.accessToken })).body.data.items.filter((e) => e.title === 'After expiry').length, POLL).toBe(1);
  });
});
