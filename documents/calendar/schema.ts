import { z } from 'zod';
import type { EntryCollection } from '../model.js';

export const CALENDAR_SCHEMA_VERSION = 1;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const instant = z.string().datetime({ offset: true });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const EVENT_STATUSES = ['idea', 'draft', 'scheduled', 'published', 'cancelled'] as const;

export const eventEntry = z
  .object({
    id,
    title: z.string().max(200),
    description: z.string().max(20_000),
    start: instant,
    end: instant,
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone'),
    allDay: z.boolean(),
    /** Where it goes out: 'youtube', 'instagram', 'blog'… (free text, compared exactly). */
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

export const EVENTS = {
  name: 'events',
  schema: eventEntry,
  // start and end have no safe default: an event without a time is removed by the server.
  defaults: { title: '', description: '', timeZone: 'UTC', allDay: false, channel: 'general', status: 'idea', assigneeId: null, campaignIds: [], archived: false },
} satisfies EntryCollection;
