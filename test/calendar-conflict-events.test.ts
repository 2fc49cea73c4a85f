import { describe, expect, it } from 'vitest';
import { addEvent } from '../documents/calendar/calendar.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 50 };

interface Conflicting {
  entry_id: string;
  actor: string;
  data: { title: string; with: { eventId: string; title: string }; reasons: string[] };
}

describe.each(BACKENDS)('calendar events that start clashing: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500' });
  const call = <T>(method: string, path: string, body?: unknown) => h.api.call<T>(method, path, { token: h.owner.accessToken, body });

  async function newCalendar(title: string) {
    const created = await call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { kind: 'calendar', title });
    expect(created.status).toBe(201);
    return { name: created.body.data.name, calendarId: created.body.data.name.split(':')[2]! };
  }
  const conflicting = async (name: string) =>
    (await h.app.db.query<Conflicting>(`SELECT entry_id, actor, data FROM document_events WHERE document_name = $1 AND type = 'event.conflicting' ORDER BY seq`, [name])).rows;

  it('a reschedule into another event’s slot is told once, naming both, to whoever is on the other event', async () => {
    const calendar = await newCalendar('Clashes');
    const kim = await h.member('editor');
    const create = async (title: string, start: string, end: string, more: Record<string, unknown> = {}) => {
      const made = await call<{ id: string; eventId: string }>('POST', '/api/calendar/events', { projectId: h.projectId, calendarId: calendar.calendarId, title, start, end, channel: 'youtube', ...more });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body.data;
    };
    const premiere = await create('Premiere', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { assigneeId: kim.userId });
    const teaser = await create('Teaser', '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z');
    const move = async (start: string, end: string) => expect((await call('PUT', `/api/calendar/events/${teaser.id}`, { start, end })).status).toBe(200);
    expect(await conflicting(calendar.name)).toEqual([]);

    await move('2026-12-01T10:30:00Z', '2026-12-01T11:30:00Z');
    const [told] = await conflicting(calendar.name);
    expect(told).toMatchObject({ entry_id: teaser.eventId, actor: `user:${h.owner.userId}`, data: { title: 'Teaser', with: { eventId: premiere.eventId, title: 'Premiere' }, reasons: ['channel'] } });
    await expect.poll(async () => (await h.api.call<{ items: { event: { type: string } }[] }>('GET', '/api/notifications', { token: kim.accessToken })).body.data.items.map((n) => n.event.type), POLL).toContain('event.conflicting');

    // Still clashing after a nudge, or after a title change: nothing new. Away and back: a new clash.
    await move('2026-12-01T10:45:00Z', '2026-12-01T11:45:00Z');
    expect((await call('PUT', `/api/calendar/events/${teaser.id}`, { title: 'Teaser v2' })).status).toBe(200);
    expect(await conflicting(calendar.name)).toHaveLength(1);
    await move('2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z');
    await move('2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z');
    expect(await conflicting(calendar.name)).toHaveLength(2);
  });

  it('finds clashes written in other zones across the date line, and between events added in one commit', async () => {
    const calendar = await newCalendar('Zones');
    // 2026-12-02 04:30Z–05:30Z, stored with a date of 1 December.
    expect((await call('POST', '/api/calendar/events', { projectId: h.projectId, calendarId: calendar.calendarId, title: 'Late show', start: '2026-12-01T23:30:00-05:00', end: '2026-12-02T00:30:00-05:00', channel: 'tv' })).status).toBe(201);
    const owner = h.open(calendar.name, h.owner.accessToken);
    await owner.synced;
    owner.doc.transact(() => {
      addEvent(owner.doc, { id: 'early', title: 'Early news', start: '2026-12-02T05:00:00Z', end: '2026-12-02T06:00:00Z', channel: 'tv' });
      addEvent(owner.doc, { id: 'other-channel', title: 'Radio', start: '2026-12-02T05:00:00Z', end: '2026-12-02T06:00:00Z', channel: 'radio' });
      addEvent(owner.doc, { id: 'breakfast', title: 'Breakfast', start: '2026-12-02T05:30:00Z', end: '2026-12-02T07:00:00Z', channel: 'tv' });
    });
    await owner.saved.whenSaved();
    const told = (await conflicting(calendar.name)).map((e) => [e.data.title, e.data.with.title].sort().join(' × ')).sort();
    expect(told).toEqual(['Breakfast × Early news', 'Early news × Late show']);
  });
});
