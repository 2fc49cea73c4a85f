/**
 * The fake's calendars and their events: Google's rules for writes (ids, times, If-Match,
 * restoring a cancelled event) and the one `commit` every change goes through.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, copy, isRecord, token, type EventTime, type FakeGoogleEvent, type Json } from './shared.js';

export interface Stored { event: FakeGoogleEvent; seq: number }
export interface CalendarState { id: string; summary: string; timeZone: string; primary: boolean; resourceId: string; seq: number; updated: string; events: Map<string, Stored> }

const EVENT_FIELDS = ['summary', 'description', 'start', 'end', 'recurrence', 'recurringEventId', 'status'] as const;

export const byId = (a: Stored, b: Stored) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);

export class CalendarStore {
  private readonly calendars = new Map<string, CalendarState>();
  private lastTime = 0;
  private etagCounter = Date.now() * 1000;

  /** `changed` hears of every committed change, with the calendar's id (the watch channels notify on it). */
  constructor(private readonly changed: (calendarId: string) => void) {}

  all(): CalendarState[] {
    return [...this.calendars.values()];
  }

  /** The latest etag handed out, which events.list answers as the listing's etag. */
  listEtag(): string {
    return `"${this.etagCounter}"`;
  }

  calendarOf(id: string): CalendarState {
    const found = id === 'primary' ? [...this.calendars.values()].find((c) => c.primary) : this.calendars.get(id);
    if (!found) throw new ApiError(404, 'notFound', 'Not Found');
    return found;
  }

  addCalendar(input: { id: string; summary: string; timeZone: string }, primary = false): void {
    this.calendars.set(input.id, { ...input, primary, resourceId: token(18), seq: 0, updated: this.now(), events: new Map() });
  }

  // ---- writes through the API ------------------------------------------------------------------

  insertEvent(cal: CalendarState, body: Json): FakeGoogleEvent {
    const id = body.id === undefined ? newEventId() : body.id;
    if (typeof id !== 'string' || !/^[a-v0-9]{5,1024}$/.test(id)) throw new ApiError(400, 'invalid', 'Invalid resource id value.');
    if (cal.events.has(id)) throw new ApiError(409, 'duplicate', 'The requested identifier already exists.');
    const fields = pickFields(body);
    const start = readTime(body.start, 'start');
    const end = readTime(body.end, 'end');
    checkTimeRange(start, end);
    const status = body.status === 'tentative' ? 'tentative' : 'confirmed';
    return this.commit(cal, this.createEvent(cal, id, { ...fields, start, end, status }));
  }

  updateEvent(cal: CalendarState, eventId: string, body: Json, ifMatch: string | undefined, replace: boolean): FakeGoogleEvent {
    const current = writable(cal, eventId, ifMatch, body.status === 'confirmed');
    const base: Json = replace ? { kind: current.kind, id: current.id, status: 'confirmed', etag: current.etag, created: current.created, updated: current.updated, htmlLink: current.htmlLink } : ({ ...current } as Json);
    for (const [key, value] of Object.entries(pickFields(body))) {
      if (value === null) delete base[key];
      else base[key] = value;
    }
    const start = readTime(base.start, 'start');
    const end = readTime(base.end, 'end');
    checkTimeRange(start, end);
    return this.commit(cal, base as unknown as FakeGoogleEvent);
  }

  deleteEvent(cal: CalendarState, eventId: string, ifMatch: string | undefined): void {
    this.commit(cal, { ...writable(cal, eventId, ifMatch), status: 'cancelled' });
  }

  // ---- the test-facing side: edits as if made in Google's own UI ------------------------------

  putEvent(calendarId: string, input: Partial<FakeGoogleEvent> & { id?: string }): FakeGoogleEvent {
    const cal = this.knownCalendar(calendarId);
    const existing = input.id === undefined ? undefined : cal.events.get(input.id)?.event;
    const fields = pickFields(input as Json);
    const base = existing ? copy(existing) : this.createEvent(cal, input.id ?? newEventId(), {});
    return this.commit(cal, { ...base, ...fields } as FakeGoogleEvent);
  }

  removeEvent(calendarId: string, eventId: string): void {
    const cal = this.knownCalendar(calendarId);
    const existing = cal.events.get(eventId)?.event;
    if (!existing || existing.status === 'cancelled') throw new Error(`fake-google: no live event ${eventId} in ${calendarId}`);
    this.commit(cal, { ...copy(existing), status: 'cancelled' });
  }

  events(calendarId: string): FakeGoogleEvent[] {
    return [...this.knownCalendar(calendarId).events.values()].filter((s) => s.event.status !== 'cancelled').sort(byId).map((s) => copy(s.event));
  }

  event(calendarId: string, eventId: string): FakeGoogleEvent | undefined {
    const stored = this.knownCalendar(calendarId).events.get(eventId);
    return stored ? copy(stored.event) : undefined;
  }

  // ---- internals -------------------------------------------------------------------------------

  /** ISO timestamps strictly increasing across the whole fake, so `updated` always orders changes. */
  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  /** For the test-facing methods: a clear message instead of an HTTP-shaped error. */
  private knownCalendar(id: string): CalendarState {
    const found = this.calendars.get(id);
    if (!found) throw new Error(`fake-google: no calendar ${id}`);
    return found;
  }

  /** Every change goes through here: new etag, `updated`, sequence, then notifies watchers. */
  private commit(cal: CalendarState, event: FakeGoogleEvent): FakeGoogleEvent {
    event.etag = `"${++this.etagCounter}"`;
    event.updated = this.now();
    cal.seq += 1;
    cal.updated = event.updated;
    cal.events.set(event.id, { event, seq: cal.seq });
    this.changed(cal.id);
    return copy(event);
  }

  private createEvent(cal: CalendarState, id: string, fields: Json): FakeGoogleEvent {
    const created = this.now();
    const htmlLink = `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${cal.id}`).toString('base64url')}`;
    return { kind: 'calendar#event', id, status: 'confirmed', etag: '', created, updated: created, htmlLink, ...fields } as FakeGoogleEvent;
  }
}

/** Event ids Google generates and accepts: base32hex (a–v, 0–9). */
function newEventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(26)].map((b) => alphabet[b % 32]).join('');
}

/** The writable top-level fields of a request body; `null` means "clear" (as in a PATCH). */
function pickFields(body: Json): Json {
  const fields: Json = {};
  for (const key of EVENT_FIELDS) if (key in body) fields[key] = copy(body[key]);
  if (fields.status !== undefined && !['confirmed', 'tentative', 'cancelled'].includes(String(fields.status))) {
    throw new ApiError(400, 'invalid', 'Invalid value for: status');
  }
  return fields;
}

/** The live event for a write, after Google's If-Match precondition; a cancelled one only when the write restores it (status confirmed). */
function writable(cal: CalendarState, eventId: string, ifMatch: string | undefined, restores = false): FakeGoogleEvent {
  const stored = cal.events.get(eventId);
  if (!stored) throw new ApiError(404, 'notFound', 'Not Found');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== stored.event.etag) throw new ApiError(412, 'conditionNotMet', 'Precondition Failed');
  if (stored.event.status === 'cancelled' && !restores) throw new ApiError(410, 'deleted', 'Resource has been deleted');
  return copy(stored.event);
}

/** Validates one of start/end as Google does on insert; returns it exactly as sent. */
function readTime(value: unknown, which: 'start' | 'end'): EventTime {
  if (!isRecord(value) || (value.dateTime === undefined && value.date === undefined)) throw new ApiError(400, 'required', `Missing ${which} time.`);
  const { dateTime, date, timeZone } = value;
  if (timeZone !== undefined && typeof timeZone !== 'string') throw new ApiError(400, 'invalid', `Invalid ${which} time zone.`);
  if (date !== undefined) {
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new ApiError(400, 'invalid', `Invalid ${which} date.`);
  } else if (typeof dateTime !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(dateTime)) {
    throw new ApiError(400, 'invalid', `Invalid ${which} time.`);
  } else if (!/(Z|[+-]\d{2}:\d{2})$/.test(dateTime) && !timeZone) {
    throw new ApiError(400, 'required', `Missing time zone definition for ${which} time.`);
  }
  return copy(value) as EventTime;
}

/** An instant for ordering checks, when one is knowable without time-zone data. */
function instant(time: EventTime): number | undefined {
  if (time.date) return Date.parse(time.date);
  return time.dateTime && /(Z|[+-]\d{2}:\d{2})$/.test(time.dateTime) ? Date.parse(time.dateTime) : undefined;
}

function checkTimeRange(start: EventTime, end: EventTime): void {
  const [from, to] = [instant(start), instant(end)];
  if (from !== undefined && to !== undefined && to < from) throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
}
