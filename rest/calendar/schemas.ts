import { z } from 'zod';
import { EVENT_STATUSES, eventEntry, isTimeZone } from '../../documents/calendar/schema.js';
import { cursorQuery, queryBoolean } from '../operation-response.js';
import { userText } from '../text.js';

const projectId = z.uuid().transform((id) => id.toLowerCase());
const entryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time with an offset, e.g. 2026-03-01T09:00:00+01:00' });
/** The model's limits, each error naming the field and its limit; text refuses what cannot be stored. */
const title = userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const timeZone = z.string().min(1).max(64, 'must be at most 64 characters').refine(isTimeZone, 'must be an IANA time zone name, e.g. Europe/Paris');
const channel = userText().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const fields = {
  title,
  description: userText().max(20_000, 'must be at most 20000 characters'),
  channel,
  status: z.enum(EVENT_STATUSES),
  assigneeId: userText().max(64, 'must be at most 64 characters').nullable(),
  campaignIds: z.array(entryId).max(50, 'must have at most 50 campaigns'),
  start: instant,
  end: instant,
  timeZone,
  allDay: z.boolean(),
};

export const listEventsQuery = cursorQuery.extend({
  from: instant.optional(),
  to: instant.optional(),
  projectId: projectId.optional(),
  calendarId: entryId.optional(),
  channel: channel.optional(),
  assignee: userText().max(64, 'must be at most 64 characters').optional(),
  status: fields.status.optional(),
});

/** `?strict=true` refuses a write that would double-book (409 SCHEDULING_CONFLICT). */
export const strictQuery = z.object({ strict: queryBoolean.optional() });

export const createEventBody = z
  .object({
    projectId,
    calendarId: entryId,
    /** Chosen by the client to make a retry safe (with or without Idempotency-Key). */
    eventId: entryId.optional(),
    title: fields.title,
    start: fields.start,
    end: fields.end,
    channel: fields.channel,
    timeZone: fields.timeZone.optional(),
    allDay: fields.allDay.optional(),
    status: fields.status.optional(),
    assigneeId: fields.assigneeId.optional(),
    description: fields.description.optional(),
    campaignIds: fields.campaignIds.optional(),
  })
  .strict();

export const updateEventBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((value) => Object.values(value).some((v) => v !== undefined), 'give at least one field to change')
  .superRefine((value, ctx) => {
    // A range moves as a whole: one bound alone could end an event before it starts, or mix with a concurrent reschedule.
    if (value.start !== undefined && value.end === undefined) ctx.addIssue({ code: 'custom', path: ['end'], message: 'required with start' });
    if (value.end !== undefined && value.start === undefined) ctx.addIssue({ code: 'custom', path: ['start'], message: 'required with end' });
  });

const reason = z.enum(['channel', 'assignee']);
export const conflictResponse = z.object({ eventId: z.string(), id: z.string(), title: z.string(), start: z.string(), end: z.string(), reasons: z.array(reason) });
/** What the API answers: the model's fields, where the event lives, its version and its conflicts. */
export const eventResponse = eventEntry.omit({ id: true }).extend({ id: z.string(), projectId: z.uuid(), calendarId: z.string(), eventId: z.string(), etag: z.string(), conflicts: z.array(conflictResponse) });
export const eventPageResponse = z.object({ items: z.array(eventResponse), next: z.string().nullable() });
