import { z } from 'zod';
import type { Channels } from '../../operations/deliveries/channel.js';
import { sendDue } from '../../operations/deliveries/send-due.js';
import type { JobDefinition } from '../job.js';

export type SendPayload = { channel: string; destination: string };

/**
 * Sends one destination's due deliveries as a batch, then schedules itself for whatever is due
 * next (a Retry-After, a backoff, events that arrived meanwhile). At most one queued and one
 * running per destination, so a burst of events gathers into a few sends.
 */
export function sendDeliveriesJob(channels: Channels, options: { backoffBaseMs?: number } = {}): JobDefinition<SendPayload> {
  const job: JobDefinition<SendPayload> = {
    name: 'deliveries.send',
    payload: z.object({ channel: z.string().min(1).max(32), destination: z.string().min(1).max(200) }).strict(),
    policy: 'stately',
    // The delivery rows carry their own attempts and backoff; the job only retries its own crashes.
    retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
    expireInSeconds: 120,
    // A killed worker's send is noticed within seconds (then its deliveries wait out their in-doubt time).
    heartbeatSeconds: 10,
    async handle({ channel: kind, destination }, { db, logger, enqueue }) {
      const channel = channels.get(kind);
      if (!channel) return logger.warn({ channel: kind }, 'no such channel in this process; its deliveries wait');
      const { sent, nextAt } = await sendDue(db, channel, destination, options);
      logger.debug({ channel: kind, destination, sent }, 'sent due deliveries');
      if (nextAt) await enqueue(job, { channel: kind, destination }, { singletonKey: `${kind}:${destination}`, startAfter: nextAt });
    },
  };
  return job;
}
