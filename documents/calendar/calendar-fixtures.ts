import * as Y from 'yjs';
import { calendarModel } from './model.js';
import type { EventEntry, NewEvent } from './schema.js';

/** Test support shared by the calendar's test files; not used at runtime. */
export function calendar(): Y.Doc {
  const doc = new Y.Doc();
  calendarModel.seed(doc);
  return doc;
}

export function replicaOf(doc: Y.Doc, clientID?: number): Y.Doc {
  const copy = new Y.Doc();
  if (clientID !== undefined) copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

export const post = (id: string, start: string, end: string, more: Partial<NewEvent> = {}): NewEvent => ({ id, title: id, start, end, channel: 'blog', ...more });

/** A whole entry, for `findConflicts`, which takes read events. */
export const entry = (id: string, start: string, end: string, more: Partial<EventEntry> = {}): EventEntry => ({
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

/** `ms` written as local time at `offsetMinutes` from UTC, the way a client in that zone would. */
export function written(ms: number, offsetMinutes = 0): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
