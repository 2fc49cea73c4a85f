import { DocumentError } from '../document-error.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from '../enforce.js';
import { ReplicaNetwork, seededRandom } from '../testing/replica-network.js';
import { addEvent, archiveEvent, readCalendar, rescheduleEvent, updateEvent } from './calendar.js';
import { calendarModel } from './model.js';
import { calendar, post, replicaOf, written } from './calendar-fixtures.js';
import type { NewEvent } from './schema.js';

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

const ids = (doc: Y.Doc, query?: Parameters<typeof readCalendar>[1]) => readCalendar(doc, query).events.map((event) => event.id);
/** Writes nothing at all? Counts the updates `fn` makes `doc` emit. */
function updatesMadeBy(doc: Y.Doc, fn: () => void): number {
  let count = 0;
  const listener = () => count++;
  doc.on('update', listener);
  fn();
  doc.off('update', listener);
  return count;
}

describe('calendar operations', () => {
  it('adds events with defaults and lists them by start instant then id, whatever their zones', () => {
    const doc = calendar();
    addEvent(doc, post('late', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    // 10:00 in Paris is 09:00Z: earlier, although its string sorts later.
    addEvent(doc, post('paris', '2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00', { timeZone: 'Europe/Paris' }));
    addEvent(doc, post('same-b', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z'));
    addEvent(doc, post('same-a', '2026-12-01T03:00:00-05:00', '2026-12-01T04:00:00-05:00', { timeZone: 'America/New_York' }));
    expect(ids(doc)).toEqual(['same-a', 'same-b', 'paris', 'late']);
    expect(readCalendar(doc).events[3]).toEqual({
      id: 'late',
      title: 'late',
      description: '',
      start: '2026-12-01T10:00:00Z',
      end: '2026-12-01T11:00:00Z',
      timeZone: 'UTC',
      allDay: false,
      channel: 'blog',
      status: 'idea',
      assigneeId: null,
      campaignIds: [],
      archived: false,
    });
    expect(readCalendar(doc).schemaVersion).toBe(1);
  });

  it('reads a range as the events overlapping [from, to); either bound may be open', () => {
    const doc = calendar();
    addEvent(doc, post('before', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z'));
    addEvent(doc, post('across-from', '2026-12-01T08:30:00Z', '2026-12-01T09:30:00Z'));
    addEvent(doc, post('inside', '2026-12-01T10:15:00+01:00', '2026-12-01T11:00:00+01:00'));
    addEvent(doc, post('whole', '2026-11-30T00:00:00Z', '2026-12-02T00:00:00Z', { allDay: true }));
    addEvent(doc, post('at-to', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    const range = { from: '2026-12-01T09:00:00Z', to: '2026-12-01T10:00:00Z' };
    expect(ids(doc, range)).toEqual(['whole', 'across-from', 'inside']);
    // The same window written in another zone selects the same events.
    expect(ids(doc, { from: '2026-12-01T04:00:00-05:00', to: '2026-12-01T05:00:00-05:00' })).toEqual(['whole', 'across-from', 'inside']);
    expect(ids(doc, { from: '2026-12-01T09:45:00Z' })).toEqual(['whole', 'inside', 'at-to']);
    expect(ids(doc, { to: '2026-12-01T08:30:00Z' })).toEqual(['whole', 'before']);
    expect(ids(doc, { from: range.from, to: range.from })).toEqual([]);
    expect(() => readCalendar(doc, { from: range.to, to: range.from })).toThrow(DocumentError);
    expect(() => readCalendar(doc, { from: 'yesterday' })).toThrow(DocumentError);
  });

  it('updates fields, reschedules, archives and unarchives', () => {
    const doc = calendar();
    addEvent(doc, post('a', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    addEvent(doc, post('b', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z'));
    updateEvent(doc, 'a', { title: 'Launch', status: 'scheduled', assigneeId: 'ann', campaignIds: ['q4'], channel: 'youtube' });
    rescheduleEvent(doc, 'a', { start: '2026-12-03T00:00:00+01:00', end: '2026-12-04T00:00:00+01:00', timeZone: 'Europe/Paris', allDay: true });
    expect(ids(doc)).toEqual(['b', 'a']);
    expect(readCalendar(doc).events[1]).toMatchObject({ title: 'Launch', status: 'scheduled', assigneeId: 'ann', campaignIds: ['q4'], channel: 'youtube', timeZone: 'Europe/Paris', allDay: true });
    archiveEvent(doc, 'b');
    expect(ids(doc)).toEqual(['a']);
    expect(readCalendar(doc, { includeArchived: true }).events.map((e) => [e.id, e.archived])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(calendarModel.read(doc).events).toHaveLength(2);
    archiveEvent(doc, 'b', false);
    expect(ids(doc)).toEqual(['b', 'a']);
  });

  it('refuses bad input and leaves the document byte-identical', () => {
    const doc = calendar();
    addEvent(doc, post('a', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    const before = Y.encodeStateAsUpdate(doc);
    const code = (fn: () => void): string => {
      try {
        fn();
      } catch (error) {
        return error instanceof DocumentError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => addEvent(doc, post('a', '2026-12-05T10:00:00Z', '2026-12-05T11:00:00Z')))).toBe('ALREADY_EXISTS');
    expect(code(() => addEvent(doc, post('x', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')))).toBe('INVALID_RANGE');
    // Later as text, earlier as an instant.
    expect(code(() => addEvent(doc, post('x', '2026-12-01T08:00:00Z', '2026-12-01T08:30:00+01:00')))).toBe('INVALID_RANGE');
    expect(code(() => addEvent(doc, post('x', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { timeZone: 'Mars/Olympus' })))).toBe('INVALID_INPUT');
    expect(code(() => addEvent(doc, post('bad id!', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z')))).toBe('INVALID_INPUT');
    expect(code(() => addEvent(doc, post('x', '2026-12-01 10:00', '2026-12-01T11:00:00Z')))).toBe('INVALID_INPUT');
    expect(code(() => addEvent(doc, post('x', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { channel: '' })))).toBe('INVALID_INPUT');
    expect(code(() => addEvent(doc, { ...post('x', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'), archived: true } as NewEvent))).toBe('INVALID_INPUT');
    expect(code(() => updateEvent(doc, 'missing', { title: 'x' }))).toBe('NOT_FOUND');
    expect(code(() => updateEvent(doc, 'a', { title: 'x'.repeat(201) }))).toBe('INVALID_INPUT');
    expect(code(() => updateEvent(doc, 'a', { status: 'lost' as never }))).toBe('INVALID_INPUT');
    expect(code(() => updateEvent(doc, 'a', { start: '2026-12-01T12:00:00Z' } as never))).toBe('INVALID_INPUT');
    expect(code(() => rescheduleEvent(doc, 'a', { start: '2026-12-01T12:00:00Z', end: '2026-12-01T11:00:00Z' }))).toBe('INVALID_RANGE');
    expect(code(() => rescheduleEvent(doc, 'missing', { start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z' }))).toBe('NOT_FOUND');
    expect(code(() => rescheduleEvent(doc, 'a', { start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z', timeZone: 'Nowhere' }))).toBe('INVALID_INPUT');
    expect(code(() => archiveEvent(doc, 'missing'))).toBe('NOT_FOUND');
    expect(code(() => archiveEvent(doc, 'a', 'yes' as never))).toBe('INVALID_INPUT');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('writes nothing when a value does not change, so a stale resend cannot beat a concurrent edit', () => {
    const doc = calendar();
    addEvent(doc, post('a', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { campaignIds: ['q4'] }));
    expect(updatesMadeBy(doc, () => updateEvent(doc, 'a', { title: 'a', channel: 'blog', campaignIds: ['q4'], assigneeId: null }))).toBe(0);
    expect(updatesMadeBy(doc, () => rescheduleEvent(doc, 'a', { start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', timeZone: 'UTC' }))).toBe(0);
    expect(updatesMadeBy(doc, () => archiveEvent(doc, 'a', false))).toBe(0);
  });

  it('seeds once, with no events, even when two replicas seed concurrently', () => {
    const a = calendar();
    const b = calendar();
    exchange(a, b);
    calendarModel.seed(a);
    expect(a.getMap('meta').toJSON()).toEqual({ schemaVersion: 1 });
    expect(calendarModel.read(a)).toEqual({ schemaVersion: 1, events: [] });
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
  });
});

describe('offline edits', () => {
  it('keeps a rename and a reschedule made offline by two people', () => {
    const a = calendar();
    addEvent(a, post('e', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    const b = replicaOf(a);
    updateEvent(a, 'e', { title: 'New' });
    rescheduleEvent(b, 'e', { start: '2026-12-05T10:00:00Z', end: '2026-12-05T12:00:00Z' });
    exchange(a, b);
    expect(readCalendar(a)).toEqual(readCalendar(b));
    expect(readCalendar(a).events[0]).toMatchObject({ title: 'New', start: '2026-12-05T10:00:00Z', end: '2026-12-05T12:00:00Z' });
  });

  it('keeps a rename when someone else saves a form that resends the old title', () => {
    const a = calendar();
    addEvent(a, post('e', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    const b = replicaOf(a, a.clientID + 1);
    updateEvent(a, 'e', { title: 'Renamed' });
    updateEvent(b, 'e', { title: 'e', status: 'draft' });
    exchange(a, b);
    expect(readCalendar(a).events[0]).toMatchObject({ title: 'Renamed', status: 'draft' });
  });

  // Which write wins depends on the client ids: try both orders.
  it.each([
    [1, 2],
    [2, 1],
  ])('resolves two offline reschedules to one of them whole, never a mix (clients %i and %i)', (first, second) => {
    const origin = calendar();
    addEvent(origin, post('e', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'));
    const a = replicaOf(origin, first);
    const b = replicaOf(origin, second);
    // Mixed, these would be 09:45–09:30: one keeps its start and the other its end.
    rescheduleEvent(a, 'e', { start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z' });
    rescheduleEvent(b, 'e', { start: '2026-12-01T09:45:00Z', end: '2026-12-01T10:00:00Z' });
    exchange(a, b);
    const { start, end } = readCalendar(a).events[0]!;
    expect([
      ['2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z'],
      ['2026-12-01T09:45:00Z', '2026-12-01T10:00:00Z'],
    ]).toContainEqual([start, end]);
    expect(readCalendar(b)).toEqual(readCalendar(a));
  });
});


describe('range repair', () => {
  function withBadEvents(): Y.Doc {
    const doc = calendar();
    addEvent(doc, post('ok', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    addEvent(doc, post('timed', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    addEvent(doc, post('day', '2026-12-02T00:00:00+01:00', '2026-12-03T00:00:00+01:00', { allDay: true, timeZone: 'Europe/Paris' }));
    // What a buggy client might write, bypassing the operations.
    doc.transact(() => {
      const events = doc.getMap<Y.Map<unknown>>('events');
      events.get('timed')!.set('end', '2026-12-01T09:00:00Z');
      events.get('day')!.set('end', '2026-12-02T00:00:00+01:00');
    });
    return doc;
  }

  it('gives a touched event that does not end after it starts an hour, or a day when all-day', () => {
    const doc = withBadEvents();
    const touched = new Map([['events', new Set(['timed', 'day', 'ok', 'gone'])]]);
    let reasons: string[] = [];
    doc.transact(() => {
      reasons = calendarModel.repairInvariants!(doc, touched);
    });
    expect(reasons).toEqual(['events/day: end was not after start; set to start + 1 day', 'events/timed: end was not after start; set to start + 1 hour']);
    expect(readCalendar(doc).events.map((e) => [e.id, e.end])).toEqual([
      ['ok', '2026-12-01T11:00:00Z'],
      ['timed', '2026-12-01T11:00:00.000Z'],
      ['day', '2026-12-02T23:00:00.000Z'],
    ]);
    // Idempotent, and the same on another copy.
    expect(calendarModel.repairInvariants!(doc, touched)).toEqual([]);
    const other = withBadEvents();
    calendarModel.repairInvariants!(other, touched);
    expect(readCalendar(other)).toEqual(readCalendar(doc));
  });

  it('only checks what was touched', () => {
    const doc = withBadEvents();
    expect(calendarModel.repairInvariants!(doc, new Map([['events', new Set(['ok'])]]))).toEqual([]);
    expect(calendarModel.repairInvariants!(doc, new Map())).toEqual([]);
  });

  it('ends an all-day event at the next local midnight across a daylight-saving change', () => {
    const doc = calendar();
    // Paris moves to summer time on 29 March 2026: that day has 23 hours.
    addEvent(doc, post('spring', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', { allDay: true, timeZone: 'Europe/Paris' }));
    addEvent(doc, post('autumn', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', { allDay: true, timeZone: 'Europe/Paris' }));
    doc.transact(() => {
      for (const id of ['spring', 'autumn']) doc.getMap<Y.Map<unknown>>('events').get(id)!.set('end', doc.getMap<Y.Map<unknown>>('events').get(id)!.get('start'));
    });
    calendarModel.repairInvariants!(doc, new Map([['events', new Set(['spring', 'autumn'])]]));
    const ends = Object.fromEntries(readCalendar(doc).events.map((e) => [e.id, Date.parse(e.end) - Date.parse(e.start)]));
    expect(ends).toEqual({ spring: 23 * 3_600_000, autumn: 25 * 3_600_000 });
  });

  it('is applied by the server to what a hostile client sends', () => {
    const server = calendar();
    const reasons: string[] = [];
    const client = Symbol('client');
    enforceModel(server, calendarModel, { shouldCheck: (origin) => origin === client, actorOf: () => undefined, repairOrigin: 'repair', onRepaired: (fixes) => reasons.push(...fixes), onRepairFailed: (error) => { throw error; } });
    const hostile = replicaOf(server);
    addEvent(hostile, post('e', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    hostile.getMap<Y.Map<unknown>>('events').get('e')!.set('end', '2026-11-30T10:00:00Z');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile), client);
    expect(readCalendar(server).events[0]).toMatchObject({ id: 'e', end: '2026-12-01T11:00:00.000Z' });
    expect(reasons).toEqual(['events/e: end was not after start; set to start + 1 hour']);
  });
});

describe('calendar convergence under random concurrent edits', () => {
  it.each(Array.from({ length: 36 }, (_, i) => 3000 + i))('seed %i: replicas converge, each event once, every range valid', (seed) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const quarter = 900_000;
    const someTime = () => Date.UTC(2026, 11, 1) + Math.floor(rand() * 200) * quarter;
    const origin = calendar();
    for (let i = 0; i < 5; i++) addEvent(origin, post(`seed${i}`, written(Date.UTC(2026, 11, 1, i)), written(Date.UTC(2026, 11, 1, i + 1))));
    const network = new ReplicaNetwork(origin, 4);
    const { replicas } = network;

    let count = 5;
    for (let step = 0; step < 150; step++) {
      const doc = pick(replicas);
      const events = readCalendar(doc, { includeArchived: true }).events;
      const target = events.length > 0 ? pick(events) : undefined;
      const offset = pick([0, 60, -300, 330]);
      const action = rand();
      if (action < 0.2 || !target) {
        const start = someTime();
        addEvent(doc, post(`e${seed}-${count++}`, written(start, offset), written(start + (1 + Math.floor(rand() * 8)) * quarter, offset), { channel: pick(['blog', 'youtube']), assigneeId: pick([null, 'ann', 'bob']) }));
      } else if (action < 0.5) {
        // Often only one end moves: merged carelessly, two such reschedules could cross.
        const start = Date.parse(target.start);
        const end = Date.parse(target.end);
        const length = (1 + Math.floor(rand() * 8)) * quarter;
        const elsewhere = someTime();
        const [from, to] = pick<[number, number]>([
          [start, start + length],
          [end - length, end],
          [elsewhere, elsewhere + length],
        ]);
        rescheduleEvent(doc, target.id, { start: written(from, offset), end: written(to, offset), ...(rand() < 0.3 ? { timeZone: pick(['UTC', 'Europe/Paris', 'Asia/Kolkata']), allDay: rand() < 0.5 } : {}) });
      } else if (action < 0.7) {
        updateEvent(doc, target.id, pick([{ title: `t${step}` }, { status: pick(['draft', 'scheduled', 'cancelled'] as const) }, { channel: pick(['blog', 'youtube', 'instagram']) }, { assigneeId: pick([null, 'ann', 'cy']), campaignIds: [`c${step}`] }]));
      } else if (action < 0.78) {
        archiveEvent(doc, target.id, rand() < 0.5);
      } else {
        network.deliverSome(rand);
      }
    }
    network.exchangeAll();

    const views = replicas.map((doc) => readCalendar(doc, { includeArchived: true }));
    for (const view of views) expect(view).toEqual(views[0]);
    const events = views[0]!.events;
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.length).toBe(count);
    // Valid without any help from the server: the operations never produce a range the repair would fix.
    for (const e of events) expect(Date.parse(e.end)).toBeGreaterThan(Date.parse(e.start));
    expect(calendarModel.repairInvariants!(replicas[0]!, new Map([['events', new Set(events.map((e) => e.id))]]))).toEqual([]);
  });
});
