import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addEvent, readCalendar } from '../documents/calendar/calendar.js';
import type { Reply } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 10_000, interval: 20 };

interface Conflict {
  eventId: string;
  id: string;
  title: string;
  start: string;
  end: string;
  reasons: string[];
}

interface CalEvent {
  id: string;
  projectId: string;
  calendarId: string;
  eventId: string;
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  channel: string;
  status: string;
  assigneeId: string | null;
  campaignIds: string[];
  archived: boolean;
  etag: string;
  conflicts: Conflict[];
}

type Page = { items: CalEvent[]; next: string | null };

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

/** The fields a 422 names, from its details. */
function fieldsOf(reply: Reply): string[] {
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  return ((reply.body.error?.details ?? []) as { path: string }[]).map((issue) => issue.path);
}

describe.each(BACKENDS)('calendar events over REST on the live calendars: %s', (kind) => {
  const h = harness(kind);
  const call = <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: h.owner.accessToken, ...options });

  /** A new calendar in `projectId` (the harness's project unless given), made by `token`'s owner. */
  async function newCalendar(projectId = h.projectId, token = h.owner.accessToken) {
    const created = await h.api.call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token, body: { kind: 'calendar', title: `Calendar ${randomUUID().slice(0, 6)}` } });
    expect(created.status).toBe(201);
    return { name: created.body.data.name, calendarId: created.body.data.name.split(':')[2]!, projectId };
  }

  const create = (where: { projectId: string; calendarId: string }, fields: Record<string, unknown>, options: { strict?: boolean; token?: string; headers?: Record<string, string> } = {}) =>
    call<CalEvent>('POST', `/api/calendar/events${options.strict ? '?strict=true' : ''}`, {
      body: { projectId: where.projectId, calendarId: where.calendarId, channel: 'youtube', ...fields },
      ...(options.token ? { token: options.token } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });

  /** Every event of a listing, page by page, and how many pages it took. */
  async function listAll(query: string, token = h.owner.accessToken): Promise<{ events: CalEvent[]; pages: number }> {
    const events: CalEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply: Reply<Page> = await call<Page>('GET', `/api/calendar/events?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.meta?.next).toBe(reply.body.data.next);
      events.push(...reply.body.data.items);
      cursor = reply.body.data.next;
      pages++;
    } while (cursor && pages < 50);
    return { events, pages };
  }

  it('a REST create and reschedule reach a connected client at once; an event made over the socket is listed at once', async () => {
    const calendar = await newCalendar();
    const watcher = h.open(calendar.name, h.owner.accessToken);
    await watcher.synced;

    const created = await create(calendar, { title: 'Launch video', start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T11:00:00+01:00', timeZone: 'Europe/Paris', campaignIds: ['spring'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('etag')).toBe(`"${created.body.data.etag}"`);
    expect(created.body.data).toMatchObject({
      id: `${h.projectId}.${calendar.calendarId}.${created.body.data.eventId}`,
      projectId: h.projectId,
      calendarId: calendar.calendarId,
      title: 'Launch video',
      timeZone: 'Europe/Paris',
      allDay: false,
      channel: 'youtube',
      status: 'idea',
      assigneeId: null,
      campaignIds: ['spring'],
      archived: false,
      conflicts: [],
    });
    // Broadcast when applied, before the commit the response waited for.
    await expect.poll(() => readCalendar(watcher.doc).events.map((event) => event.title), { timeout: 1_000, interval: 5 }).toEqual(['Launch video']);

    const moved = await call<CalEvent>('PUT', `/api/calendar/events/${created.body.data.id}`, { body: { start: '2026-12-02T09:00:00Z', end: '2026-12-02T09:30:00Z' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data).toMatchObject({ start: '2026-12-02T09:00:00Z', end: '2026-12-02T09:30:00Z', timeZone: 'Europe/Paris', title: 'Launch video' });
    expect(moved.headers.get('etag')).toBe(`"${moved.body.data.etag}"`);
    await expect.poll(() => readCalendar(watcher.doc).events.map((event) => `${event.start}–${event.end}`), POLL).toEqual(['2026-12-02T09:00:00Z–2026-12-02T09:30:00Z']);

    addEvent(watcher.doc, { id: 'from-socket', title: 'From the socket', start: '2026-12-02T04:00:00-05:00', end: '2026-12-02T05:00:00-05:00', timeZone: 'America/New_York', channel: 'blog', assigneeId: h.owner.userId });
    await watcher.saved.whenSaved();
    const listed = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}&from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((event) => event.title).sort()).toEqual(['From the socket', 'Launch video']);
    const mine = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&assignee=${h.owner.userId}&from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z`);
    expect(mine.body.data.items.map((event) => event.eventId)).toEqual(['from-socket']);
    const got = await call<CalEvent>('GET', `/api/calendar/events/${h.projectId}.${calendar.calendarId}.from-socket`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${got.body.data.etag}"`);
    expect(got.body.data).toMatchObject({ title: 'From the socket', channel: 'blog', timeZone: 'America/New_York', conflicts: [] });
  });

  it('lists the conflicts the model finds on every response; strict=true refuses a new one with 409 and writes nothing', async () => {
    const calendar = await newCalendar();
    const watcher = h.open(calendar.name, h.owner.accessToken);
    await watcher.synced;
    const day = (time: string) => `2026-11-10T${time}Z`;
    const a = (await create(calendar, { eventId: 'a', title: 'A', start: day('10:00:00'), end: day('11:00:00'), assigneeId: 'sam' })).body.data;
    expect(a.conflicts).toEqual([]);
    // Same channel, overlapping; written in another zone (11:30 in Paris is 10:30Z).
    const b = await create(calendar, { eventId: 'b', title: 'B', start: '2026-11-10T11:30:00+01:00', end: '2026-11-10T12:30:00+01:00', timeZone: 'Europe/Paris' });
    expect(b.status).toBe(201);
    expect(b.body.data.conflicts).toEqual([{ eventId: 'a', id: a.id, title: 'A', start: a.start, end: a.end, reasons: ['channel'] }]);
    // Ends when A starts: touching is not overlapping.
    expect((await create(calendar, { eventId: 'touch', title: 'Touch', start: day('09:00:00'), end: day('10:00:00') })).body.data.conflicts).toEqual([]);
    expect((await call<CalEvent>('GET', `/api/calendar/events/${a.id}`)).body.data.conflicts.map((c) => [c.eventId, c.reasons])).toEqual([['b', ['channel']]]);
    const listed = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}`);
    expect(listed.body.data.items.map((event) => [event.eventId, event.conflicts.map((c) => c.eventId)])).toEqual([
      ['touch', []],
      ['a', ['b']],
      ['b', ['a']],
    ]);
    // A filtered listing still shows conflicts with events the filter leaves out.
    const onlyB = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}&from=${day('11:00:00')}`);
    expect(onlyB.body.data.items.map((event) => [event.eventId, event.conflicts.map((c) => c.eventId)])).toEqual([['b', ['a']]]);

    // Strict: another channel but A's assignee, overlapping A: refused, with the conflict listed, and nothing written.
    const refused = await create(calendar, { eventId: 'c', title: 'C', channel: 'blog', assigneeId: 'sam', start: day('10:45:00'), end: day('12:00:00') }, { strict: true });
    expectError(refused, 409, 'SCHEDULING_CONFLICT');
    expect((refused.body.error?.details as { conflicts: Conflict[] }).conflicts).toEqual([{ eventId: 'a', id: a.id, title: 'A', start: a.start, end: a.end, reasons: ['assignee'] }]);
    expectError(await call('GET', `/api/calendar/events/${h.projectId}.${calendar.calendarId}.c`), 404, 'NOT_FOUND');
    const c = await create(calendar, { eventId: 'c', title: 'C', channel: 'blog', assigneeId: 'sam', start: day('11:00:00'), end: day('12:00:00') }, { strict: true });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.data.conflicts).toEqual([]);

    // Strict on a change: moving C onto A is refused and leaves C where it was…
    const move = await call('PUT', `/api/calendar/events/${c.body.data.id}?strict=true`, { body: { start: day('10:30:00'), end: day('11:30:00'), title: 'C moved' } });
    expectError(move, 409, 'SCHEDULING_CONFLICT');
    expect((move.body.error?.details as { conflicts: Conflict[] }).conflicts.map((conflict) => [conflict.eventId, conflict.reasons])).toEqual([['a', ['assignee']]]);
    // …but a change that creates no new conflict passes, even on an event already in one.
    const renamed = await call<CalEvent>('PUT', `/api/calendar/events/${b.body.data.id}?strict=true`, { body: { title: 'B renamed' } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.data.conflicts.map((conflict) => conflict.eventId)).toEqual(['a']);
    // A socket reads the same FIFO stream: once it has the rename, it would have had anything written before it.
    await expect.poll(() => readCalendar(watcher.doc).events.find((event) => event.id === 'b')?.title, POLL).toBe('B renamed');
    expect(readCalendar(watcher.doc).events.map((event) => `${event.id} ${event.title} ${event.start}`)).toEqual([
      'touch Touch 2026-11-10T09:00:00Z',
      'a A 2026-11-10T10:00:00Z',
      'b B renamed 2026-11-10T11:30:00+01:00',
      'c C 2026-11-10T11:00:00Z',
    ]);

    // Without strict the same move is made, and both sides show the conflict; a cancelled event takes no slot.
    const made = await call<CalEvent>('PUT', `/api/calendar/events/${c.body.data.id}`, { body: { start: day('10:30:00'), end: day('11:30:00') } });
    expect(made.body.data.conflicts.map((conflict) => [conflict.eventId, conflict.reasons])).toEqual([['a', ['assignee']]]);
    expect((await call<CalEvent>('PUT', `/api/calendar/events/${a.id}`, { body: { status: 'cancelled' } })).body.data.conflicts).toEqual([]);
    expect((await call<CalEvent>('GET', `/api/calendar/events/${c.body.data.id}`)).body.data.conflicts).toEqual([]);
  });

  it('If-Match with a stale ETag answers 412 with the current event and changes nothing', async () => {
    const calendar = await newCalendar();
    const created = (await create(calendar, { title: 'Versioned', start: '2026-10-01T10:00:00Z', end: '2026-10-01T11:00:00Z' })).body.data;
    const renamed = await call<CalEvent>('PUT', `/api/calendar/events/${created.id}`, { body: { title: 'Renamed' }, headers: { 'if-match': `"${created.etag}"` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.etag).not.toBe(created.etag);
    const stale = await call<CalEvent>('PUT', `/api/calendar/events/${created.id}`, { body: { title: 'Lost update', start: '2026-10-02T10:00:00Z', end: '2026-10-02T11:00:00Z' }, headers: { 'if-match': `"${created.etag}"` } });
    expectError(stale, 412, 'PRECONDITION_FAILED');
    expect(stale.body.data).toMatchObject({ title: 'Renamed', start: '2026-10-01T10:00:00Z', etag: renamed.body.data.etag, conflicts: [] });
    expectError(await call('DELETE', `/api/calendar/events/${created.id}`, { headers: { 'if-match': created.etag } }), 412, 'PRECONDITION_FAILED');
    const now = await call<CalEvent>('GET', `/api/calendar/events/${created.id}`);
    expect(now.body.data).toMatchObject({ title: 'Renamed', start: '2026-10-01T10:00:00Z', archived: false, etag: renamed.body.data.etag });
    expect(now.headers.get('etag')).toBe(`"${renamed.body.data.etag}"`);
    // A weak tag names the same version.
    const archived = await call<CalEvent>('DELETE', `/api/calendar/events/${created.id}`, { headers: { 'if-match': `W/"${now.body.data.etag}"` } });
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ archived: true, conflicts: [] });
    expect((await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}`)).body.data.items).toEqual([]);
    expect((await call<CalEvent>('GET', `/api/calendar/events/${created.id}`)).body.data.archived).toBe(true);
  });

  it('a retried POST with the same Idempotency-Key creates one event; another body with it is refused', async () => {
    const calendar = await newCalendar();
    const key = randomUUID();
    const body = { title: 'Once', start: '2026-09-01T10:00:00Z', end: '2026-09-01T11:00:00Z' };
    const [first, second] = await Promise.all([create(calendar, body, { headers: { 'idempotency-key': key } }), create(calendar, body, { headers: { 'idempotency-key': key } })]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await create(calendar, body, { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('etag')).toBe(`"${again.body.data.etag}"`);
    expect(again.body.data.id).toBe((first.status === 201 ? first : second).body.data.id);
    expectError(await create(calendar, { ...body, title: 'Different' }, { headers: { 'idempotency-key': key } }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // A client-chosen id makes a retry safe without a key, too: the second is refused, not duplicated.
    expect((await create(calendar, { ...body, eventId: 'chosen' })).status).toBe(201);
    expectError(await create(calendar, { ...body, eventId: 'chosen' }), 409, 'ALREADY_EXISTS');
    const listed = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}`);
    expect(listed.body.data.items.map((event) => event.title)).toEqual(['Once', 'Once']);
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const calendar = await newCalendar();
    const fine = (await create(calendar, { title: 'Fine', start: '2026-08-01T10:00:00Z', end: '2026-08-01T11:00:00Z' })).body.data;
    const ok = { title: 'x', start: '2026-08-02T10:00:00Z', end: '2026-08-02T11:00:00Z' };
    expect(fieldsOf(await create(calendar, { ...ok, start: '2026-02-30T10:00:00Z' }))).toEqual(['start']);
    expect(fieldsOf(await create(calendar, { ...ok, start: '2026-08-02 10:00' }))).toEqual(['start']);
    // Without an offset an instant is ambiguous.
    expect(fieldsOf(await create(calendar, { ...ok, end: '2026-08-02T11:00:00' }))).toEqual(['end']);
    const mars = await create(calendar, { ...ok, timeZone: 'Mars/Olympus' });
    expect(fieldsOf(mars)).toEqual(['timeZone']);
    expect(JSON.stringify(mars.body.error?.details)).toContain('IANA time zone');
    expect(fieldsOf(await create(calendar, { ...ok, end: '2026-08-02T09:00:00Z' }))).toEqual(['end']);
    expect(fieldsOf(await create(calendar, { ...ok, end: ok.start }))).toEqual(['end']);
    const long = await create(calendar, { ...ok, title: 'x'.repeat(201) });
    expect(fieldsOf(long)).toEqual(['title']);
    expect(JSON.stringify(long.body.error?.details)).toContain('200');
    expect(fieldsOf(await create(calendar, { ...ok, title: 'bad\u0000' }))).toEqual(['title']);
    expect(fieldsOf(await create(calendar, { ...ok, channel: 'b\u0000' }))).toEqual(['channel']);
    expect(fieldsOf(await create(calendar, { ...ok, title: '   ' }))).toEqual(['title']);
    expect(fieldsOf(await create(calendar, { ...ok, status: 'maybe' }))).toEqual(['status']);
    expect(fieldsOf(await create(calendar, { ...ok, colour: 'red' }))).toEqual(['']);
    expect(fieldsOf(await call('PUT', `/api/calendar/events/${fine.id}`, { body: { start: '2026-08-03T10:00:00Z' } }))).toEqual(['end']);
    expect(fieldsOf(await call('PUT', `/api/calendar/events/${fine.id}`, { body: { start: '2026-08-03T10:00:00Z', end: '2026-08-03T09:00:00Z' } }))).toEqual(['end']);
    expect(fieldsOf(await call('PUT', `/api/calendar/events/${fine.id}`, { body: { timeZone: 'Mars/Olympus' } }))).toEqual(['timeZone']);
    expect(fieldsOf(await call('PUT', `/api/calendar/events/${fine.id}`, { body: {} }))).toEqual(['']);
    // The reschedule part is refused, so the valid rename with it is not made either.
    expect(fieldsOf(await call('PUT', `/api/calendar/events/${fine.id}`, { body: { title: 'Half', start: '2026-08-03T10:00:00Z', end: '2026-08-03T10:00:00Z' } }))).toEqual(['end']);
    expect(fieldsOf(await call('GET', '/api/calendar/events?from=2026-08-02T00:00:00Z&to=2026-08-01T00:00:00Z'))).toEqual(['to']);
    expect(fieldsOf(await call('GET', '/api/calendar/events?from=2026-08-02T00:00:00Z&to=2026-08-02T00:00:00Z'))).toEqual(['to']);
    expect(fieldsOf(await call('GET', '/api/calendar/events?from=yesterday'))).toEqual(['from']);
    expect(fieldsOf(await call('GET', `/api/calendar/events?calendarId=${calendar.calendarId}`))).toEqual(['projectId']);
    expect(fieldsOf(await call('GET', '/api/calendar/events?cursor=nonsense'))).toEqual(['cursor']);
    expectError(await create({ projectId: h.projectId, calendarId: 'nope' }, ok), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=nope`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/calendar/events/${h.projectId}.${calendar.calendarId}.nope`), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/api/calendar/events/${h.projectId}.${calendar.calendarId}.nope`, { body: { title: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/calendar/events/${h.projectId}.${calendar.calendarId}.nope`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/calendar/events/not-an-id'), 404, 'NOT_FOUND');
    // A board's card is not an event, whatever its id says.
    const board = (await h.createBoard()).split(':')[2]!;
    const card = (await call<{ id: string }>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId: board, title: 'Card' } })).body.data;
    expectError(await call('GET', `/api/calendar/events/${card.id}`), 404, 'NOT_FOUND');
    expectError(await create({ projectId: h.projectId, calendarId: board }, ok), 404, 'NOT_FOUND');

    const watcher = h.open(calendar.name, h.owner.accessToken);
    await watcher.synced;
    expect(readCalendar(watcher.doc).events.map((event) => `${event.title} ${event.start} ${event.end}`)).toEqual(['Fine 2026-08-01T10:00:00Z 2026-08-01T11:00:00Z']);
  });

  it('each role, a non-member and API keys get what their role allows on every calendar route', async () => {
    const calendar = await newCalendar();
    const slot = { start: '2026-07-01T10:00:00Z', end: '2026-07-01T11:00:00Z' };
    const seed = (await create(calendar, { title: 'Seed', ...slot })).body.data;
    const outsider = await h.api.signIn();
    const roles = ['admin', 'editor', 'commenter', 'viewer'] as const;
    const people = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, (await h.member(role)).accessToken] as const)));
    const editorKey = await call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { body: { name: 'ci', role: 'editor' } });
    const viewerKey = await call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { body: { name: 'dashboard', role: 'viewer' } });
    const tokens: Record<string, string> = { owner: h.owner.accessToken, ...people, outsider: outsider.accessToken, editorKey: editorKey.body.data.secret, viewerKey: viewerKey.body.data.secret };
    const writers = new Set(['owner', 'admin', 'editor', 'editorKey']);
    for (const [who, token] of Object.entries(tokens)) {
      const as = <T>(method: string, path: string, body?: unknown) => h.api.call<T>(method, path, { token, ...(body === undefined ? {} : { body }) });
      const reads = who !== 'outsider';
      expect((await as('GET', `/api/calendar/events/${seed.id}`)).status, `${who} reads an event`).toBe(reads ? 200 : 404);
      const list = await as<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}`);
      expect(list.status, `${who} lists events`).toBe(reads ? 200 : 404);
      // Without a project: the caller's own projects, so an outsider sees none of these.
      const everywhere = await as<Page>('GET', `/api/calendar/events?from=${slot.start}&to=${slot.end}`);
      expect(everywhere.status, `${who} lists all their events`).toBe(200);
      if (!reads) expect(everywhere.body.data.items).toEqual([]);
      const writeStatus = (success: number) => (writers.has(who) ? success : reads ? 403 : 404);
      const made = await as<CalEvent>('POST', '/api/calendar/events', { projectId: h.projectId, calendarId: calendar.calendarId, title: `By ${who}`, channel: who, ...slot });
      expect(made.status, `${who} creates`).toBe(writeStatus(201));
      expect((await as('PUT', `/api/calendar/events/${seed.id}`, { description: who })).status, `${who} updates`).toBe(writeStatus(200));
      expect((await as('PUT', `/api/calendar/events/${seed.id}`, { start: '2026-07-01T10:30:00Z', end: '2026-07-01T11:30:00Z' })).status, `${who} reschedules`).toBe(writeStatus(200));
      if (made.status === 201) expect((await as('DELETE', `/api/calendar/events/${made.body.data.id}`)).status, `${who} archives`).toBe(200);
      else expect((await as('DELETE', `/api/calendar/events/${seed.id}`)).status, `${who} archives`).toBe(writeStatus(200));
    }
    const after = (await call<CalEvent>('GET', `/api/calendar/events/${seed.id}`)).body.data;
    expect(after).toMatchObject({ description: 'editorKey', archived: false });

    // An event of another project answers like one that does not exist, to people and keys alike.
    const elsewhere = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } })).body.data.id;
    const theirCalendar = await newCalendar(elsewhere, outsider.accessToken);
    const theirs = await h.api.call<CalEvent>('POST', '/api/calendar/events', { token: outsider.accessToken, body: { projectId: elsewhere, calendarId: theirCalendar.calendarId, title: 'Private', channel: 'x', ...slot } });
    expect(theirs.status).toBe(201);
    for (const token of [h.owner.accessToken, editorKey.body.data.secret]) {
      expectError(await h.api.call('GET', `/api/calendar/events/${theirs.body.data.id}`, { token }), 404, 'NOT_FOUND');
      expectError(await h.api.call('PUT', `/api/calendar/events/${theirs.body.data.id}`, { token, body: { title: 'Mine now' } }), 404, 'NOT_FOUND');
      expectError(await h.api.call('DELETE', `/api/calendar/events/${theirs.body.data.id}`, { token }), 404, 'NOT_FOUND');
      expectError(await h.api.call('GET', `/api/calendar/events?projectId=${elsewhere}`, { token }), 404, 'NOT_FOUND');
      expectError(await h.api.call('POST', '/api/calendar/events', { token, body: { projectId: elsewhere, calendarId: theirCalendar.calendarId, title: 'Intruder', channel: 'x', ...slot } }), 404, 'NOT_FOUND');
    }
    expect((await h.api.call<CalEvent>('GET', `/api/calendar/events/${theirs.body.data.id}`, { token: outsider.accessToken })).body.data.title).toBe('Private');
  });

  it('filters by range across calendars and projects: overlapping [from, to) by instant, only projects the caller is in', async () => {
    const one = await newCalendar();
    const two = await newCalendar();
    const secondProject = (await call<{ id: string }>('POST', '/api/projects', { body: { name: 'Second' } })).body.data.id;
    const three = await newCalendar(secondProject);
    const stranger = await h.api.signIn();
    const strangersProject = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: stranger.accessToken, body: { name: 'Strangers' } })).body.data.id;
    const hidden = await newCalendar(strangersProject, stranger.accessToken);
    const at = (time: string) => `2030-05-01T${time}`;
    const events: [typeof one, string, Record<string, unknown>][] = [
      [one, 'ends-at-from', { start: at('09:00:00Z'), end: at('10:00:00Z') }],
      [one, 'across-from', { start: at('09:30:00Z'), end: at('10:30:00Z'), channel: 'blog', assigneeId: 'kim' }],
      [one, 'all-day', { start: at('00:00:00Z'), end: '2030-05-02T00:00:00Z', allDay: true, status: 'scheduled' }],
      // 07:00 in New York is 11:00Z: inside, although its string sorts before the range.
      [two, 'new-york', { start: at('07:00:00-04:00'), end: at('08:00:00-04:00'), timeZone: 'America/New_York', channel: 'blog' }],
      [two, 'starts-at-to', { start: at('12:00:00Z'), end: at('13:00:00Z') }],
      // 13:30 in Paris (summer) is 11:30Z.
      [three, 'second-project', { start: at('13:30:00+02:00'), end: at('14:00:00+02:00'), timeZone: 'Europe/Paris', status: 'scheduled' }],
    ];
    for (const [calendar, eventId, fields] of events) expect((await create(calendar, { eventId, title: eventId, ...fields })).status).toBe(201);
    const strangers = await h.api.call('POST', '/api/calendar/events', { token: stranger.accessToken, body: { projectId: strangersProject, calendarId: hidden.calendarId, eventId: 'hidden', title: 'Hidden', channel: 'youtube', start: at('10:15:00Z'), end: at('10:45:00Z') } });
    expect(strangers.status).toBe(201);

    const range = `from=${encodeURIComponent(at('10:00:00Z'))}&to=${encodeURIComponent(at('12:00:00Z'))}`;
    const ids = async (query: string, token?: string) => (await listAll(query, token)).events.map((event) => event.eventId);
    expect(await ids(range)).toEqual(['all-day', 'across-from', 'new-york', 'second-project']);
    // The same window written in another zone selects the same events.
    expect(await ids(`from=${encodeURIComponent(at('06:00:00-04:00'))}&to=${encodeURIComponent(at('08:00:00-04:00'))}`)).toEqual(['all-day', 'across-from', 'new-york', 'second-project']);
    expect(await ids(`${range}&projectId=${h.projectId}`)).toEqual(['all-day', 'across-from', 'new-york']);
    expect(await ids(`${range}&projectId=${h.projectId}&calendarId=${two.calendarId}`)).toEqual(['new-york']);
    expect(await ids(`${range}&projectId=${secondProject}`)).toEqual(['second-project']);
    expect(await ids(`${range}&channel=blog`)).toEqual(['across-from', 'new-york']);
    expect(await ids(`${range}&status=scheduled`)).toEqual(['all-day', 'second-project']);
    expect(await ids(`${range}&assignee=kim`)).toEqual(['across-from']);
    // Open bounds.
    expect(await ids(`projectId=${h.projectId}&calendarId=${one.calendarId}&to=${encodeURIComponent(at('09:30:00Z'))}`)).toEqual(['all-day', 'ends-at-from']);
    expect(await ids(`projectId=${h.projectId}&calendarId=${two.calendarId}&from=${encodeURIComponent(at('12:00:00Z'))}`)).toEqual(['starts-at-to']);
    // The stranger's event is theirs alone.
    expect(await ids(range, stranger.accessToken)).toEqual(['hidden']);
    expectError(await call('GET', `/api/calendar/events?${range}&projectId=${strangersProject}`), 404, 'NOT_FOUND');
  });

  it('pages with a small limit return every event exactly once, in start order', async () => {
    const calendar = await newCalendar();
    const starts = [
      ['e5', '2029-03-01T12:00:00Z'],
      ['e1', '2029-03-01T08:00:00Z'],
      ['e3b', '2029-03-01T10:00:00Z'],
      ['e3a', '2029-03-01T11:00:00+01:00'], // 10:00Z too: the tie goes by id
      ['e2', '2029-03-01T04:30:00-05:00'], // 09:30Z
      ['e6', '2029-03-01T12:00:00.500Z'],
      ['e4', '2029-03-01T11:59:59Z'],
    ] as const;
    for (const [eventId, start] of starts) {
      const end = new Date(Date.parse(start) + 15 * 60_000).toISOString();
      // One channel each: conflicts are beside the point here, and cost nothing to compute anyway.
      expect((await create(calendar, { eventId, title: eventId, start, end, channel: eventId })).status).toBe(201);
    }
    const { events, pages } = await listAll(`projectId=${h.projectId}&calendarId=${calendar.calendarId}&limit=2`);
    expect(events.map((event) => event.eventId)).toEqual(['e1', 'e2', 'e3a', 'e3b', 'e4', 'e5', 'e6']);
    expect(pages).toBe(4);
    // With a range whose lower bound drops events that only touch it, pages stay full but the last.
    // e3a and e3b end at 10:15, so a first fetch finds only them and the page is topped up.
    const touching = await listAll(`projectId=${h.projectId}&calendarId=${calendar.calendarId}&limit=2&from=${encodeURIComponent('2029-03-01T10:15:00Z')}`);
    expect(touching.events.map((event) => event.eventId)).toEqual(['e4', 'e5', 'e6']);
    expect(touching.pages).toBe(2);
    const first = await call<Page>('GET', `/api/calendar/events?projectId=${h.projectId}&calendarId=${calendar.calendarId}&limit=2&from=${encodeURIComponent('2029-03-01T08:15:00Z')}`);
    expect(first.body.data.items.map((event) => event.eventId)).toEqual(['e2', 'e3a']);
    expect(first.body.meta).toMatchObject({ limit: 2, next: first.body.data.next });
  });
});
