import { z } from 'zod';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import { fanOutEvents } from '../../operations/notifications/fan-out-events.js';
import type { JobDefinition } from '../job.js';

export type FanOutPayload = { eventIds: string[] };

/** The change feed's first hop: each batch of committed events becomes the notifications and deliveries it causes. */
export function fanOutEventsJob(hub: NotificationHub): JobDefinition<FanOutPayload> {
  return {
    name: 'events.fan-out',
    payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
    retry: { limit: 10, delaySeconds: 2, backoff: true, maxDelaySeconds: 300 },
    expireInSeconds: 120,
    async handle({ eventIds }, { db, logger }) {
      logger.debug({ notified: await fanOutEvents(db, hub, eventIds), events: eventIds.length }, 'fanned out events');
    },
  };
}
