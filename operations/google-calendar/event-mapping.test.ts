import { describe, expect, it } from 'vitest';
import { type SyncedEvent, eventIdFor, fromGoogle, googleIdFor, mergeEvent, sameEvent, toGoogle } from './event-mapping.js';

const base: SyncedEvent = { title: 'Launch', description: 'Notes', start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T10:00:00+01:00', timeZone: 'Europe/Berlin', allDay: false, deleted: false };

describe('Google event mapping', () => {
  it('takes each side’s change when only one side changed a field, with no conflict', () => {
    const ours = { ...base, title: 'Launch day' };
    const theirs = { ...base, description: 'From Google' };
    expect(mergeEvent(base, ours, theirs, 1, 2)).toEqual({ result: { ...base, title: 'Launch day', description: 'From Google' }, conflicting: [], winner: null });
  });

  it('gives a field both sides changed to the later edit, keeps the time range whole, and names the conflict', () => {
    const ours = { ...base, title: 'Ours', start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T12:00:00+01:00' };
    const theirs = { ...base, title: 'Theirs', end: '2026-12-01T13:00:00+01:00' };
    const googleLater = mergeEvent(base, ours, theirs, 1_000, 2_000);
    expect(googleLater.result).toEqual({ ...base, title: 'Theirs', end: '2026-12-01T13:00:00+01:00' });
    expect(googleLater).toMatchObject({ conflicting: ['title', 'time'], winner: 'google' });
    const hereLater = mergeEvent(base, ours, theirs, 3_000, 2_000);
    expect(hereLater.result).toEqual({ ...base, title: 'Ours', start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T12:00:00+01:00' });
    expect(hereLater.winner).toBe('here');
    // The same change on both sides is no conflict.
    expect(mergeEvent(base, { ...base, title: 'Same' }, { ...base, title: 'Same' }, 1, 2)).toMatchObject({ conflicting: [], winner: null });
  });

  it('lets a deletion win over an edit on the other side, recorded as a conflict', () => {
    const merged = mergeEvent(base, { ...base, title: 'Edited here' }, { ...base, deleted: true }, 5_000, 1_000);
    expect(merged.result.deleted).toBe(true);
    expect(merged).toMatchObject({ conflicting: ['title', 'deleted'], winner: 'google' });
  });

  it('compares times as instants, so Google’s own offset is no change', () => {
    expect(sameEvent(base, { ...base, start: '2026-12-01T08:00:00Z', end: '2026-12-01T09:00:00.000Z' })).toBe(true);
  });

  it('round-trips all-day events across a daylight-saving change as dates in their zone', () => {
    const allDay: SyncedEvent = { ...base, start: '2026-10-24T00:00:00+02:00', end: '2026-10-26T00:00:00+01:00', allDay: true };
    const sent = toGoogle(allDay);
    expect(sent.start).toEqual({ date: '2026-10-24' });
    expect(sent.end).toEqual({ date: '2026-10-26' });
    const back = fromGoogle(sent, 'Europe/Berlin')!;
    expect(back.flags).toEqual([]);
    expect(sameEvent(back.event, allDay)).toBe(true);
  });

  it('keeps the instant of an event in a zone it does not know, in UTC, and flags it', () => {
    const converted = fromGoogle({ summary: 'On Mars', start: { dateTime: '2026-05-01T10:00:00Z', timeZone: 'Mars/Olympus' }, end: { dateTime: '2026-05-01T11:00:00Z', timeZone: 'Mars/Olympus' } }, 'Europe/Berlin')!;
    expect(converted.flags).toEqual(['unknown-time-zone:Mars/Olympus']);
    expect(converted.event.timeZone).toBe('UTC');
    expect(Date.parse(converted.event.start)).toBe(Date.parse('2026-05-01T10:00:00Z'));
  });

  it('refuses what has no usable time, and derives stable ids Google and our schema accept', () => {
    expect(fromGoogle({ summary: 'No end', start: { dateTime: '2026-05-01T10:00:00Z' } }, 'UTC')).toBeNull();
    expect(fromGoogle({ summary: 'Backwards', start: { dateTime: '2026-05-01T10:00:00Z' }, end: { dateTime: '2026-05-01T09:00:00Z' } }, 'UTC')).toBeNull();
    const googleId = googleIdFor('link', 'event-1');
    expect(googleId).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(googleIdFor('link', 'event-1')).toBe(googleId);
    expect(googleIdFor('other-link', 'event-1')).not.toBe(googleId);
    expect(eventIdFor('link', 'abc')).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
