import { describe, expect, it } from 'vitest';
import { addEvent, archiveEvent } from '../../documents/calendar/calendar.js';
import { calendar, entry, post } from '../../documents/calendar/calendar-fixtures.js';
import { conflictIndex, conflictsOf, eventsOverlapping, newConflicts } from './event-conflicts.js';

const where = { projectId: '00000000-0000-4000-8000-000000000001', calendarId: 'cal' };
const at = (time: string) => `2026-12-01T${time}Z`;

describe('event conflicts as the REST API lists them', () => {
  it('gives each event its partners, both ways, from one sweep', () => {
    const index = conflictIndex(where, [
      entry('a', at('10:00:00'), at('11:00:00'), { assigneeId: 'sam' }),
      entry('b', at('10:30:00'), at('11:30:00'), { assigneeId: 'sam' }),
      entry('c', at('11:00:00'), at('12:00:00'), { channel: 'blog' }),
    ]);
    expect(index.get('a')).toEqual([{ eventId: 'b', id: `${where.projectId}.cal.b`, title: 'b', start: at('10:30:00'), end: at('11:30:00'), reasons: ['channel', 'assignee'] }]);
    expect(index.get('b')?.map((conflict) => conflict.eventId)).toEqual(['a']);
    expect(index.has('c')).toBe(false);
  });

  it('finds one event’s conflicts in a document by scanning instants, whatever the zones; archived events have none', () => {
    const doc = calendar();
    addEvent(doc, post('a', at('10:00:00'), at('11:00:00'), { channel: 'youtube' }));
    addEvent(doc, post('touching', at('09:00:00'), at('10:00:00'), { channel: 'youtube' }));
    addEvent(doc, post('paris', '2026-12-01T11:30:00+01:00', '2026-12-01T12:30:00+01:00', { channel: 'youtube', timeZone: 'Europe/Paris' }));
    expect(eventsOverlapping(doc, Date.parse(at('10:00:00')), Date.parse(at('11:00:00'))).map((event) => event.id).sort()).toEqual(['a', 'paris']);
    const a = { ...entry('a', at('10:00:00'), at('11:00:00')), channel: 'youtube', status: 'idea' as const };
    expect(conflictsOf(doc, where, a).map((conflict) => conflict.eventId)).toEqual(['paris']);
    // As a write would make it: moved clear of everyone.
    expect(conflictsOf(doc, where, { ...a, start: at('13:00:00'), end: at('14:00:00') })).toEqual([]);
    archiveEvent(doc, 'paris');
    expect(conflictsOf(doc, where, a)).toEqual([]);
    expect(conflictsOf(doc, where, { ...a, archived: true })).toEqual([]);
  });

  it('counts a conflict as new when its partner or one of its reasons is new', () => {
    const conflict = (eventId: string, reasons: ('channel' | 'assignee')[]) => ({ eventId, id: eventId, title: eventId, start: '', end: '', reasons });
    const before = [conflict('a', ['channel'])];
    expect(newConflicts(before, [conflict('a', ['channel'])])).toEqual([]);
    expect(newConflicts(before, [conflict('a', ['channel', 'assignee']), conflict('b', ['assignee'])]).map((c) => c.eventId)).toEqual(['a', 'b']);
    expect(newConflicts(before, [])).toEqual([]);
  });
});
