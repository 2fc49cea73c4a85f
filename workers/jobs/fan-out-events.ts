import { z } from 'zod';
import type { Channels } from '../../operations/deliveries/channel.js';
import { type DeliveryPlanner, planEventDeliveries } from '../../operations/deliveries/plan-deliveries.js';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import { notifyInApp } from '../../operations/notifications/fan-out-events.js';
import { recipientsOfEvents } from '../../operations/notifications/recipients.js';
import { loadEvents } from '../../storage/change-feed.js';
import type { JobDefinition } from '../job.js';
import { type SyncPayload, syncLinkedCalendars } from './google-calendar.js';
import type { SendPayload } from './send-deliveries.js';
import { type MilestonePayload, isStageChange } from './milestone-invoices.js';

export type FanOutPayload = { eventIds: string[] };

/**
 * The change feed's first hop: each batch of committed events becomes the in-app notifications
 * and the deliveries it causes; each destination with new work gets its send job, a batch window
 * later, so a burst of events leaves as one message.
 */
export function fanOutEventsJob(deps: {
  hub: NotificationHub;
  channels: Channels;
  planners: readonly DeliveryPlanner[];
  send: JobDefinition<SendPayload>;
  /** Linked Google calendars hear of their calendar's events (scheduled, rescheduled, cancelled) at once. */
  calendarSync?: JobDefinition<SyncPayload>;
  /** Stage moves are handed to milestone billing (its own job: a billing failure never holds notifications back). */
  milestones?: JobDefinition<MilestonePayload>;
}): JobDefinition<FanOutPayload> {
  return {
    name: 'events.fan-out',
    payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
    retry: { limit: 10, delaySeconds: 2, backoff: true, maxDelaySeconds: 300 },
    expireInSeconds: 120,
    async handle({ eventIds }, { db, logger, enqueue }) {
      const events = await loadEvents(db, eventIds);
      // Who each event concerns, found once for the whole batch: in-app and email both start from it.
      const recipients = await recipientsOfEvents(db, events);
      const notified = await notifyInApp(db, deps.hub, events, recipients);
      // Planned and handed to their send jobs in one transaction: a retry after a crash between the
      // two would find the deliveries already planned and enqueue nothing for them.
      const sendOf = ({ channel, destination }: SendPayload) => ({ singletonKey: `${channel}:${destination}`, startAfter: new Date(Date.now() + (deps.channels.get(channel)?.batchWindowMs ?? 0)) });
      const { destinations, heldBack } = await db.transaction(async (tx) => {
        const planned = await planEventDeliveries(tx, events, deps.planners, deps.channels, { recipients });
        const joined: SendPayload[] = [];
        for (const payload of planned) if ((await enqueue(deps.send, payload, { in: tx, ...sendOf(payload) })) === null) joined.push(payload);
        return { destinations: planned, heldBack: joined };
      });
      // Held back by the destination's queued send, which may have started before this commit and
      // found none of these deliveries: asked again now that they are visible, a queued send that
      // holds this one back too has not started yet. Should asking fail, a retry of this job would
      // find the deliveries planned and ask for nothing: the sweep hands them on within a minute.
      for (const payload of heldBack) {
        await enqueue(deps.send, payload, sendOf(payload)).catch((error: unknown) => logger.warn({ err: error, ...payload }, 'could not ask again for a send held back during planning; the sweep will'));
      }
      const calendars = events.flatMap((event) => (event.kind === 'calendar' && event.documentName ? [event.documentName] : []));
      const sync = deps.calendarSync;
      const linked = sync && calendars.length > 0 ? await syncLinkedCalendars(db, calendars, (linkId) => enqueue(sync, { linkId }, { singletonKey: linkId })) : 0;
      const stageMoves = events.filter(isStageChange).map((event) => event.id);
      // Keyed by the batch's first event: a retried fan-out does not queue the same batch twice (and a second one would be a no-op anyway).
      if (deps.milestones && stageMoves.length > 0) await enqueue(deps.milestones, { eventIds: stageMoves }, { singletonKey: stageMoves[0]! });
      logger.debug({ notified, destinations: destinations.length, events: eventIds.length, linkedCalendars: linked }, 'fanned out events');
    },
  };
}
