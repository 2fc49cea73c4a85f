import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/replica-network.js';
import { entry, written } from './calendar-fixtures.js';
import { type Conflict, findConflicts } from './conflicts.js';
import type { EventEntry } from './schema.js';

/** The obvious O(n²) answer, sorted by (a, b), to check the sweep against. */
function everyPair(events: EventEntry[]): Conflict[] {
  const live = events.filter((e) => !e.archived && e.status !== 'cancelled' && Date.parse(e.end) > Date.parse(e.start));
  const conflicts: Conflict[] = [];
  for (const [i, x] of live.entries()) {
    for (const y of live.slice(i + 1)) {
      if (!(Date.parse(x.start) < Date.parse(y.end) && Date.parse(y.start) < Date.parse(x.end))) continue;
      const reasons: Conflict['reasons'] = [];
      if (x.channel === y.channel) reasons.push('channel');
      if (x.assigneeId !== null && x.assigneeId === y.assigneeId) reasons.push('assignee');
      if (reasons.length) conflicts.push(x.id < y.id ? { a: x.id, b: y.id, reasons } : { a: y.id, b: x.id, reasons });
    }
  }
  return byPair(conflicts);
}

const byPair = (conflicts: Conflict[]): Conflict[] => [...conflicts].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));

describe('conflicts', () => {
  it('compares instants across time zones; touching events do not overlap', () => {
    expect(
      findConflicts([
        entry('paris', '2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00'),
        entry('utc', '2026-12-01T09:30:00Z', '2026-12-01T10:30:00Z'),
        // Starts (10:30Z) as utc ends, after paris (09:00Z–10:00Z).
        entry('touching', '2026-12-01T06:00:00-04:30', '2026-12-01T11:00:00Z'),
        // 09:00Z–09:15Z then 09:15Z–09:45Z: same channel and person, back to back, written in two zones.
        entry('story1', '2026-12-01T10:00:00+01:00', '2026-12-01T10:15:00+01:00', { channel: 'instagram', assigneeId: 'ann' }),
        entry('story2', '2026-12-01T04:15:00-05:00', '2026-12-01T09:45:00Z', { channel: 'instagram', assigneeId: 'ann' }),
        entry('after', '2026-12-01T10:30:00Z', '2026-12-01T11:00:00Z', { channel: 'blog' }),
      ]),
    ).toEqual([{ a: 'paris', b: 'utc', reasons: ['channel'] }]);
  });

  it('reports shared assignees and both reasons; ignores cancelled, archived and unassigned events', () => {
    const conflicts = findConflicts([
      entry('video', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { assigneeId: 'ann' }),
      entry('blog', '2026-12-01T11:00:00Z', '2026-12-01T13:00:00Z', { channel: 'blog', assigneeId: 'ann' }),
      entry('short', '2026-12-01T11:30:00Z', '2026-12-01T11:45:00Z', { assigneeId: 'ann' }),
      entry('cancelled', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { status: 'cancelled', assigneeId: 'ann' }),
      entry('archived', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { archived: true, assigneeId: 'ann' }),
      entry('nobody1', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { channel: 'tiktok' }),
      entry('nobody2', '2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z', { channel: 'podcast' }),
    ]);
    expect(conflicts).toEqual([
      { a: 'blog', b: 'video', reasons: ['assignee'] },
      { a: 'short', b: 'video', reasons: ['channel', 'assignee'] },
      { a: 'blog', b: 'short', reasons: ['assignee'] },
    ]);
  });

  it.each([1, 2, 3, 4, 5])('agrees with comparing every pair, in the same order whatever the input order (seed %i)', (seed) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const events = Array.from({ length: 300 }, (_, i) => {
      const start = Date.UTC(2026, 11, 1) + Math.floor(rand() * 96) * 900_000;
      const offset = pick([0, 60, -300, 330, 345]);
      return entry(`e${i}`, written(start, offset), written(start + Math.floor(rand() * 12) * 900_000, pick([0, offset])), {
        channel: pick(['blog', 'youtube', 'instagram', 'tiktok']),
        assigneeId: pick([null, null, 'ann', 'bob', 'cy']),
        status: pick(['idea', 'scheduled', 'cancelled']),
        archived: rand() < 0.1,
      });
    });
    const conflicts = findConflicts(events);
    expect(byPair(conflicts)).toEqual(everyPair(events));
    expect(conflicts.every((c) => c.a < c.b)).toBe(true);
    expect(findConflicts([...events].sort(() => rand() - 0.5))).toEqual(conflicts);
  });

  it('costs what it reports: 50,000 simultaneous events on distinct channels, then a chain of 20,000', () => {
    const day = (i: number) => entry(`d${i}`, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', { channel: `channel-${i}`, allDay: true });
    expect(findConflicts(Array.from({ length: 50_000 }, (_, i) => day(i)))).toEqual([]);
    const hour = (i: number) => written(Date.UTC(2026, 0, 1) + i * 3_600_000);
    const chain = Array.from({ length: 20_000 }, (_, i) => entry(`c${i}`, hour(i), hour(i + 1.5)));
    const conflicts = findConflicts(chain);
    expect(conflicts).toHaveLength(19_999);
    expect(conflicts[0]).toEqual({ a: 'c0', b: 'c1', reasons: ['channel'] });
  });
});
