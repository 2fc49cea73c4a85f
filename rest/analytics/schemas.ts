import { z } from 'zod';
import { EVENT_NAME, EVENT_NAME_MAX, EVENTS_PER_BATCH, PROPERTIES_MAX, PROPERTY_KEY, PROPERTY_TEXT_MAX } from '../../operations/analytics/analytics-event.js';
import { nextBucket } from '../../operations/analytics/rollup-windows.js';
import { STAGES } from '../../documents/pipeline/schema.js';
import { feedEventResponse } from '../notifications/schemas.js';
import { aggregateResponse } from '../rlhf/schemas.js';
import { bigintCursor } from '../pagination.js';
import { userText } from '../text.js';
import { projectId } from '../video/schemas.js';

const eventName = z.string().max(EVENT_NAME_MAX, `must be at most ${EVENT_NAME_MAX} characters`).regex(EVENT_NAME, 'must be lower-case words joined by . _ : or - (e.g. "page.viewed")');
const propertyValue = z.union([userText().max(PROPERTY_TEXT_MAX, `must be at most ${PROPERTY_TEXT_MAX} characters`), z.number().finite(), z.boolean()]);
const properties = z
  .record(z.string().regex(PROPERTY_KEY, 'property names are letters, digits and _ (at most 40)'), propertyValue)
  .refine((value) => Object.keys(value).length <= PROPERTIES_MAX, `at most ${PROPERTIES_MAX} properties`);

export const recordEventsBody = z
  .object({
    projectId,
    events: z
      .array(
        z
          .object({
            name: eventName,
            /** When it happened (a client buffering offline sends the real time); default: now. */
            occurredAt: z.iso.datetime({ offset: true }).transform((text) => new Date(text)).optional(),
            properties: properties.optional(),
          })
          .strict(),
      )
      .min(1, 'must hold at least one event')
      .max(EVENTS_PER_BATCH, `at most ${EVENTS_PER_BATCH} events per batch`),
  })
  .strict();

const time = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const DAY = 24 * 3_600_000;
const SOURCES = ['client', 'import', 'feed'] as const;

/** The query as documented; `engagementQuery` adds the default range. */
export const engagementQueryFields = z
  .object({
    projectId,
    /** Default: the last 30 days. */
    from: time.optional(),
    to: time.optional(),
    granularity: z.enum(['hour', 'day']).default('day'),
    /** Comma-separated: client (reported by browsers), import, feed (document changes). Default: all. */
    sources: z
      .string()
      .default(SOURCES.join(','))
      .transform((text) => text.split(',').map((part) => part.trim()))
      .pipe(z.array(z.enum(SOURCES)).min(1)),
  })
  .strict();
export const engagementQuery = engagementQueryFields.transform((query) => {
  // The end of the current hour or day, not this millisecond: rollups are per bucket, so the
  // answer is the same, and every request of the hour shares one cached answer.
  const to = query.to ?? nextBucket(new Date(), query.granularity);
  return { ...query, to, from: query.from ?? new Date(to.getTime() - 30 * DAY) };
});

export const overviewQuery = z.object({ projectId, days: z.coerce.number().int().min(1).max(365).default(7) }).strict();

/** The query as documented; `exportQuery` adds the default range (everything). */
export const exportQueryFields = z
  .object({
    projectId,
    /** csv and json: the raw events of [from, to); pdf: the dashboard as a report over the last `days`. */
    format: z.enum(['csv', 'json', 'pdf']).default('csv'),
    from: time.optional(),
    to: time.optional(),
    days: z.coerce.number().int().min(1).max(365).default(30),
  })
  .strict();
export const exportQuery = exportQueryFields.transform((query) => ({ ...query, from: query.from ?? new Date(0), to: query.to ?? new Date(Date.now() + 60_000) }));

export const importQuery = z.object({ projectId, format: z.enum(['csv']).default('csv') }).strict();

const point = z.object({ bucketStart: z.iso.datetime(), events: z.number().int(), users: z.number().int() });
export const engagementResponse = z.object({
  projectId: z.uuid(),
  granularity: z.enum(['hour', 'day']),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  activePeople: z.number().int(),
  series: z.array(z.object({ source: z.enum(SOURCES), name: z.string(), total: z.number().int(), points: z.array(point) })),
});
const totals = z.object({ events: z.number().int(), edits: z.number().int(), activePeople: z.number().int() });
export const overviewResponse = z.object({
  projectId: z.uuid(),
  days: z.number().int(),
  current: totals,
  previous: totals,
  daily: z.array(z.object({ day: z.iso.datetime(), events: z.number().int(), edits: z.number().int() })),
  top: z.array(z.object({ source: z.string(), name: z.string(), total: z.number().int() })),
});
export const acceptedResponse = z.object({ accepted: z.number().int() });
export const importedResponse = z.object({ imported: z.number().int(), from: z.iso.datetime().nullable(), to: z.iso.datetime().nullable() });

export const recentActivitiesQuery = z
  .object({
    projectId,
    /** `meta.next` of the previous page. */
    before: bigintCursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export const recentActivitiesResponse = z.object({ items: z.array(feedEventResponse.extend({ actorName: z.string() })), next: z.string().nullable() });

export const reportQuery = z.object({ projectId }).strict();
/** null stops the reports. */
export const reportBody = z.object({ projectId, cadence: z.enum(['weekly', 'monthly']).nullable() }).strict();
export const reportResponse = z.object({ cadence: z.enum(['weekly', 'monthly']).nullable(), nextDueAt: z.iso.datetime().nullable(), lastSentAt: z.iso.datetime().nullable() });

export const campaignsPerformanceQuery = z
  .object({
    projectId,
    /** The activity window: the last `days` days. */
    days: z.coerce.number().int().min(1).max(365).default(30),
    /** The busiest campaigns first; at most this many. */
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const byStage = z.object(Object.fromEntries(STAGES.map((stage) => [stage, z.number().int()])) as Record<(typeof STAGES)[number], z.ZodNumber>);
export const campaignsPerformanceResponse = z.object({
  projectId: z.uuid(),
  days: z.number().int(),
  campaigns: z.array(
    z.object({
      campaignId: z.string(),
      title: z.string(),
      stage: z.enum(STAGES),
      dueDate: z.string().nullable(),
      videos: z.object({ total: z.number().int(), byStage }),
      votes: aggregateResponse,
      activity: z.object({ edits: z.number().int(), people: z.number().int() }),
    }),
  ),
});
