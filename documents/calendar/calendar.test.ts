import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from '../enforce.js';
import { CalendarError, addEvent, archiveEvent, readCalendar, rescheduleEvent, updateEvent } from './calendar.js';
import { findConflicts } from './conflicts.js';
import { calendarModel } from './model.js';
import type { EventEntry } from './schema.js';

function calendar(): Y.Doc {
  const doc = new Y.Doc();
  calendarModel.seed(doc);
  return doc;
}

const event = (id: string, start: string, end: string, more: Partial<EventEntry> = {}): EventEntry => ({
  id,
  title: id,
  description: '',
  start,
  end,
  timeZone: 'UTC',
  allDay: false,
  channel: 'youtube',
  status: 'scheduled',
  assigneeId: null,
  campaignIds: [],
  archived: false,
  ...more,
});

describe('content calendar', () => {
  it('adds, updates, reschedules, archives and reads by range in start order', () => {
    const doc = calendar();
    addEvent(doc, { id: 'b', title: 'B', start: '2026-12-02T10:00:00Z', end: '2026-12-02T11:00:00Z', channel: 'blog' });
    addEvent(doc, { id: 'a', title: 'A', start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T12:00:00+01:00', channel: 'youtube', timeZone: 'Europe/Paris' });
    expect(readCalendar(doc).events.map((e) => e.id)).toEqual(['a', 'b']);
    updateEvent(doc, 'a', { status: 'published', assigneeId: 'u1' });
    rescheduleEvent(doc, 'a', { start: '2026-12-03T09:00:00Z', end: '2026-12-03T10:00:00Z' });
    expect(readCalendar(doc).events.map((e) => e.id)).toEqual(['b', 'a']);
    expect(readCalendar(doc, { range: { from: '2026-12-03T00:00:00Z', to: '2026-12-04T00:00:00Z' } }).events).toMatchObject([{ id: 'a', status: 'published', assigneeId: 'u1', timeZone: 'Europe/Paris' }]);
    archiveEvent(doc, 'b');
    expect(readCalendar(doc).events.map((e) => e.id)).toEqual(['a']);
    expect(readCalendar(doc, { includeArchived: true }).events).toHaveLength(2);
  });

  it('refuses bad input and leaves the document byte-identical', () => {
    const doc = calendar();
    addEvent(doc, { id: 'a', title: 'A', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'blog' });
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => addEvent(doc, { id: 'a', title: 'again', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'blog' })).toThrow(CalendarError);
    expect(() => addEvent(doc, { id: 'x', title: 'X', start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:00:00Z', channel: 'blog' })).toThrow(CalendarError);
    expect(() => addEvent(doc, { id: 'y', title: 'Y', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'blog', timeZone: 'Mars/Olympus' })).toThrow();
    expect(() => rescheduleEvent(doc, 'a', { start: '2026-12-01T12:00:00Z', end: '2026-12-01T11:00:00Z' })).toThrow(CalendarError);
    expect(() => updateEvent(doc, 'missing', { title: 'x' })).toThrow(CalendarError);
    expect(() => updateEvent(doc, 'a', { status: 'lost' as never })).toThrow();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps a rename and a reschedule made offline by two people', () => {
    const a = calendar();
    addEvent(a, { id: 'e', title: 'Old', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'blog' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateEvent(a, 'e', { title: 'New' });
    rescheduleEvent(b, 'e', { start: '2026-12-05T10:00:00Z', end: '2026-12-05T12:00:00Z' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readCalendar(a)).toEqual(readCalendar(b));
    expect(readCalendar(a).events[0]).toMatchObject({ title: 'New', start: '2026-12-05T10:00:00Z' });
  });

  it('finds overlaps on a channel or an assignee across time zones; touching, cancelled and archived ones do not count', () => {
    const conflicts = findConflicts([
      event('paris', '2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00'),
      event('utc', '2026-12-01T09:30:00Z', '2026-12-01T10:30:00Z'),
      event('touching', '2026-12-01T10:30:00Z', '2026-12-01T11:00:00Z'),
      event('other-channel', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { channel: 'blog', assigneeId: 'ann' }),
      event('same-person', '2026-12-01T11:30:00Z', '2026-12-01T12:30:00Z', { channel: 'tiktok', assigneeId: 'ann' }),
      event('cancelled', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { status: 'cancelled' }),
      event('archived', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { archived: true }),
    ]);
    expect(conflicts).toEqual([
      { a: 'other-channel', b: 'same-person', reasons: ['assignee'] },
      { a: 'paris', b: 'utc', reasons: ['channel'] },
    ]);
  });

  it('scales: 20,000 events without quadratic work', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => event(`e${i}`, new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(), new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 + 5_400_000).toISOString()));
    expect(findConflicts(events)).toHaveLength(19_999);
  });

  it('the server gives an event that ends before it starts a valid end', () => {
    const server = calendar();
    const reasons: string[] = [];
    const client = Symbol('client');
    enforceModel(server, calendarModel, { shouldCheck: (o) => o === client, repairOrigin: 'repair', onRepaired: (r) => reasons.push(...r) });
    const hostile = new Y.Doc();
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(server));
    addEvent(hostile, { id: 'e', title: 'E', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'blog', allDay: true });
    hostile.getMap<Y.Map<unknown>>('events').get('e')!.set('end', '2026-11-30T10:00:00Z');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile), client);
    expect(readCalendar(server).events[0]).toMatchObject({ id: 'e', end: '2026-12-02T10:00:00.000Z' });
    expect(reasons.join()).toContain('end was not after start');
  });
});

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('calendar convergence under random concurrent edits', () => {
  it.each(Array.from({ length: 30 }, (_, i) => 2000 + i))('seed %i: replicas converge, each event once, every range valid', (seed) => {
    const rand = random(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const time = () => new Date(Date.UTC(2026, 11, 1) + Math.floor(rand() * 200) * 900_000);
    const replicas = Array.from({ length: 4 }, () => calendar());
    const outbox = replicas.map(() => [] as Uint8Array[]);
    replicas.forEach((doc, i) => doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'sync' && outbox[i]!.push(update)));
    let count = 0;
    for (let step = 0; step < 120; step++) {
      const index = Math.floor(rand() * replicas.length);
      const doc = replicas[index]!;
      const ids = readCalendar(doc, { includeArchived: true }).events.map((e) => e.id);
      const action = rand();
      const start = time();
      const end = new Date(start.getTime() + (1 + Math.floor(rand() * 8)) * 900_000);
      if (action < 0.3) addEvent(doc, { id: `e${seed}-${count++}`, title: `T${step}`, start: start.toISOString(), end: end.toISOString(), channel: pick(['blog', 'youtube']), assigneeId: pick([null, 'ann', 'bob']) });
      else if (action < 0.5 && ids.length) rescheduleEvent(doc, pick(ids), { start: start.toISOString(), end: end.toISOString() });
      else if (action < 0.65 && ids.length) updateEvent(doc, pick(ids), { title: `u${step}`, status: pick(['draft', 'scheduled', 'cancelled'] as const) });
      else if (action < 0.72 && ids.length) archiveEvent(doc, pick(ids), rand() < 0.5);
      else {
        const sender = Math.floor(rand() * replicas.length);
        const pending = outbox[sender]!.splice(0);
        for (const target of replicas) {
          if (target === replicas[sender] || rand() < 0.3) continue;
          for (const update of [...pending].sort(() => rand() - 0.5)) Y.applyUpdate(target, update, 'sync');
        }
      }
    }
    for (const a of replicas) for (const b of replicas) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'sync');
    const views = replicas.map((doc) => readCalendar(doc, { includeArchived: true }));
    for (const view of views) expect(view).toEqual(views[0]);
    const ids = views[0]!.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(count);
    // Start and end are written together by each reschedule, so concurrent ones never mix into an invalid range.
    for (const e of views[0]!.events) expect(Date.parse(e.end)).toBeGreaterThan(Date.parse(e.start));
    expect(findConflicts(views[0]!.events)).toEqual(findConflicts(readCalendar(replicas[1]!, { includeArchived: true }).events));
  });
});
