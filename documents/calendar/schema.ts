import { z } from 'zod';
import type { EntryCollection } from '../model.js';

/** Bumped when the stored shape changes; `readCalendar` reports it so clients can refuse what they do not understand. */
export const CALENDAR_SCHEMA_VERSION = 1;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** An absolute instant with its offset, so events written in different zones still compare. */
const instant = z.string().datetime({ offset: true });

// Building an Intl.DateTimeFormat costs tens of microseconds and every read validates every
// event, so names already accepted are remembered (bounded: a hostile client could vary case forever).
const knownTimeZones = new Set<string>();
const MAX_REMEMBERED_TIME_ZONES = 2_000;

/** Whether this runtime knows the IANA zone `name` (its ICU data decides, so a very new zone may be unknown to an old browser). */
export function isTimeZone(name: string): boolean {
  if (knownTimeZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  if (knownTimeZones.size < MAX_REMEMBERED_TIME_ZONES) knownTimeZones.add(name);
  return true;
}

/** Milliseconds since the epoch, or NaN; every instant the schema accepts parses. */
export const toInstant = (value: string): number => Date.parse(value);

export const EVENT_STATUSES = ['idea', 'draft', 'scheduled', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const eventEntry = z
  .object({
    id,
    title: z.string().max(200),
    description: z.string().max(20_000),
    /** Start and end are absolute; `end` is exclusive (an all-day event on 1 Dec ends at 2 Dec 00:00). */
    start: instant,
    end: instant,
    /** The zone the event was planned in, for display and for all-day arithmetic; comparisons use the instants. */
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone name'),
    allDay: z.boolean(),
    /** Where it goes out ('youtube', 'instagram', 'blog'…): a free-text id compared exactly. */
    channel: z.string().min(1).max(64),
    status: z.enum(EVENT_STATUSES),
    assigneeId: z.string().max(64).nullable(),
    campaignIds: z.array(id).max(50),
    archived: z.boolean(),
  })
  .strict();

export type EventEntry = z.infer<typeof eventEntry>;

/** What `updateEvent` may change; timing has `rescheduleEvent`, archival `archiveEvent`. */
export const eventChanges = eventEntry.pick({ title: true, description: true, channel: true, status: true, assigneeId: true, campaignIds: true }).partial().strict();
export type EventChanges = z.infer<typeof eventChanges>;

/** What `rescheduleEvent` takes: a whole new range, and optionally the zone and all-day flag. */
export const eventTiming = eventEntry.pick({ start: true, end: true, timeZone: true, allDay: true }).partial({ timeZone: true, allDay: true }).strict();
export type EventTiming = z.infer<typeof eventTiming>;

/** What `addEvent` takes: a new event is never archived, and whatever is left out gets the collection's default. */
export const newEvent = eventEntry.omit({ archived: true }).partial({ description: true, timeZone: true, allDay: true, status: true, assigneeId: true, campaignIds: true }).strict();
export type NewEvent = z.input<typeof newEvent>;

export const EVENTS = {
  name: 'events',
  schema: eventEntry,
  // id, start and end have no safe default: an event whose time is invalid is removed by the server.
  defaults: { title: '', description: '', timeZone: 'UTC', allDay: false, channel: 'general', status: 'idea', assigneeId: null, campaignIds: [], archived: false },
} satisfies EntryCollection;
