import { describe, expect, it } from 'vitest';
import { entry } from './calendar-fixtures.js';
import { conflictEventsOf, mayConflictAnew } from './conflict-events.js';
import type { EventEntry } from './schema.js';

const at = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00Z`;
const ev = (id: string, from: number, to: number, more: Partial<EventEntry> = {}) => entry(id, at(from), at(to), more) as unknown as Record<string, unknown>;

describe('event.conflicting', () => {
  it('is told once when a reschedule makes an event clash with another of its channel, naming both', () => {
    const events = conflictEventsOf([{ id: 'b', before: ev('b', 12, 13), after: ev('b', 10, 11) }], [ev('a', 10, 12), ev('other-channel', 10, 12, { channel: 'blog' })]);
    expect(events).toEqual([
      {
        type: 'event.conflicting',
        entryId: 'b',
        data: { title: 'b', start: at(10), end: at(11), channel: 'youtube', with: { eventId: 'a', title: 'a', start: at(10), end: at(12), channel: 'youtube' }, reasons: ['channel'] },
      },
    ]);
  });

  it('is not told again for a pair that already clashed, nor for clashes between events that did not change', () => {
    const others = [ev('a', 10, 12), ev('x', 10, 11), ev('y', 10, 11)];
    // b overlapped a before and still does (moved a little): nothing new; x and y clash, untouched.
    expect(conflictEventsOf([{ id: 'b', before: ev('b', 11, 13), after: ev('b', 11, 12) }], others)).toEqual([]);
    // A title edit changes nothing about conflicts.
    expect(conflictEventsOf([{ id: 'b', before: ev('b', 11, 13), after: ev('b', 11, 13, { title: 'renamed' }) }], others)).toEqual([]);
  });

  it('counts a shared assignee, a new event, and one back from cancelled; not one cancelled or archived', () => {
    const others = [ev('a', 10, 12, { channel: 'blog', assigneeId: 'ann' })];
    const created = conflictEventsOf([{ id: 'n', before: null, after: ev('n', 11, 12, { assigneeId: 'ann' }) }], others);
    expect(created.map((e) => [e.entryId, (e.data.with as { eventId: string }).eventId, e.data.reasons])).toEqual([['n', 'a', ['assignee']]]);
    const back = conflictEventsOf([{ id: 'n', before: ev('n', 11, 12, { assigneeId: 'ann', status: 'cancelled' }), after: ev('n', 11, 12, { assigneeId: 'ann' }) }], others);
    expect(back).toHaveLength(1);
    expect(conflictEventsOf([{ id: 'n', before: ev('n', 8, 9, { assigneeId: 'ann' }), after: ev('n', 11, 12, { assigneeId: 'ann', status: 'cancelled' }) }], others)).toEqual([]);
    expect(conflictEventsOf([{ id: 'n', before: null, after: ev('n', 11, 12, { assigneeId: 'ann', archived: true }) }], others)).toEqual([]);
  });

  it('tells each newly clashing pair once, about the later change when both events changed', () => {
    const events = conflictEventsOf(
      [
        { id: 'p', before: null, after: ev('p', 9, 11) },
        { id: 'q', before: null, after: ev('q', 10, 12) },
      ],
      [ev('r', 11, 13)],
    );
    expect(events.map((e) => [e.entryId, (e.data.with as { eventId: string }).eventId]).sort()).toEqual([
      ['q', 'p'],
      ['q', 'r'],
    ]);
  });

  it('ignores entries the model would not accept', () => {
    expect(conflictEventsOf([{ id: 'b', before: null, after: ev('b', 10, 11) }], [{ id: 'junk', start: 'yesterday' }, null])).toEqual([]);
  });

  it('looks further only for changes that could clash anew', () => {
    expect(mayConflictAnew(null, ev('b', 10, 11))).toBe(true);
    expect(mayConflictAnew(ev('b', 10, 11), ev('b', 10, 11, { title: 'x', description: 'y', status: 'published' }))).toBe(false);
    expect(mayConflictAnew(ev('b', 10, 11), ev('b', 10, 12))).toBe(true);
    expect(mayConflictAnew(ev('b', 10, 11), ev('b', 10, 11, { channel: 'blog' }))).toBe(true);
    expect(mayConflictAnew(ev('b', 10, 11), ev('b', 10, 11, { assigneeId: 'ann' }))).toBe(true);
    expect(mayConflictAnew(ev('b', 10, 11, { archived: true }), ev('b', 10, 11))).toBe(true);
    expect(mayConflictAnew(ev('b', 10, 11), ev('b', 10, 11, { status: 'cancelled' }))).toBe(false);
    expect(mayConflictAnew(ev('b', 10, 11), null)).toBe(false);
  });
});
