import { z } from 'zod';
import type { GoogleCalendarDeps } from '../../operations/google-calendar/google-deps.js';
import { syncLink } from '../../operations/google-calendar/sync-link.js';
import type { Queryable } from '../../platform/db/database.js';
import { linkIdsOfDocuments, linksDue } from '../../storage/google-calendar.js';
import type { JobDefinition } from '../job.js';
import type { JobQueue } from '../job-queue.js';

export type SyncPayload = { linkId: string };

/** A link's channel is renewed this long before it ends (the scheduler asks for a sync, which renews it). */
const RENEW_WITHIN_SECONDS = 24 * 60 * 60;

/**
 * One two-way pass over a linked calendar. Stately with the link as singleton key: at most one
 * queued and one running per link, so a burst of edits and notifications collapses into one pass
 * after the running one. Google's rate limits and outages are thrown and retried with backoff.
 */
export function googleCalendarSyncJob(deps: () => GoogleCalendarDeps | null): JobDefinition<SyncPayload> {
  return {
    name: 'google-calendar.sync',
    payload: z.object({ linkId: z.uuid() }).strict(),
    retry: { limit: 10, delaySeconds: 5, backoff: true, maxDelaySeconds: 900 },
    expireInSeconds: 300,
    // A worker killed mid-pass misses its heartbeat and the pass runs again soon, not after the expiry.
    heartbeatSeconds: 15,
    policy: 'stately',
    async handle({ linkId }, { logger }) {
      const google = deps();
      // Thrown, not dropped: a pass needs a process that serves documents (api or collab role beside worker).
      if (!google) throw new Error('this process serves no documents, so it cannot sync calendars (run the worker role with api or collab)');
      const result = await syncLink({ ...google, logger }, linkId);
      logger.info({ linkId, ...result }, 'google calendar sync');
    },
  };
}

/** Only names the queue and checks the payload, for processes that enqueue but do not run it. */
const SYNC_JOB = googleCalendarSyncJob(() => null);

export function requestCalendarSync(queue: JobQueue): (linkId: string, options?: { in?: Queryable }) => Promise<void> {
  return async (linkId, options = {}) => {
    await queue.send(SYNC_JOB, { linkId }, { ...(options.in ? { in: options.in } : {}), singletonKey: linkId });
  };
}

/**
 * Each minute: a sync for each link that is polled and due (no push channel, or an expired one),
 * and for each whose channel ends within a day (the pass renews it).
 */
export function googleCalendarScheduleJob(deps: () => GoogleCalendarDeps | null, sync: JobDefinition<SyncPayload>): JobDefinition<Record<string, never>> {
  return {
    name: 'google-calendar.schedule',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    retry: { limit: 2, delaySeconds: 30, backoff: true },
    async handle(_payload, { db, enqueue, logger }) {
      const google = deps();
      if (!google?.settings) return;
      const due = await linksDue(db, { pollSeconds: google.settings.pollSeconds, renewWithinSeconds: RENEW_WITHIN_SECONDS, push: google.settings.pushUrl !== undefined });
      for (const linkId of due) await enqueue(sync, { linkId }, { singletonKey: linkId });
      if (due.length > 0) logger.debug({ links: due.length }, 'google calendar syncs scheduled');
    },
  };
}

/** The change feed's calendar events ask their linked calendars for a pass (the fan-out calls this for each batch). */
export async function syncLinkedCalendars(db: Queryable, documentNames: readonly string[], enqueue: (linkId: string) => Promise<unknown>): Promise<number> {
  const linkIds = await linkIdsOfDocuments(db, [...new Set(documentNames)]);
  for (const linkId of linkIds) await enqueue(linkId);
  return linkIds.length;
}
