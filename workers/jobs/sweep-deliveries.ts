import { z } from 'zod';
import type { Channels } from '../../operations/deliveries/channel.js';
import { destinationsWithWork } from '../../storage/deliveries.js';
import type { JobDefinition } from '../job.js';
import type { SendPayload } from './send-deliveries.js';

/** Destinations handed back per channel and sweep; the rest wait for the next one. */
const PER_SWEEP = 1_000;

/**
 * The safety net under the send jobs: every destination with deliveries due now (pending past
 * their time, or in flight so long that their worker must have died) gets a send job. Sends are
 * normally enqueued by the fan-out and then by themselves; this catches those lost anyway (a send
 * job that ran out of its own retries after repeated crashes, a queue emptied by hand). Runs when
 * a worker starts and every minute; a destination whose send job is already queued keeps that one.
 *
 * Never for work due later: a destination holds one queued send job, so a job queued for a later
 * time (say, when a call in flight would be in doubt) would hold back the events that arrive
 * meanwhile until then.
 */
export function sweepDeliveriesJob(channels: Channels, send: JobDefinition<SendPayload>): JobDefinition<Record<string, never>> {
  return {
    name: 'deliveries.sweep',
    payload: z.object({}).strict(),
    retry: { limit: 2, delaySeconds: 10, backoff: true },
    expireInSeconds: 120,
    async handle(_payload, { db, logger, enqueue }) {
      let handed = 0;
      for (const channel of channels.values()) {
        for (const { destination } of await destinationsWithWork(db, channel.kind, channel.inDoubtAfterMs, PER_SWEEP)) {
          const queued = await enqueue(send, { channel: channel.kind, destination }, { singletonKey: `${channel.kind}:${destination}` });
          if (queued) handed++;
        }
      }
      if (handed > 0) logger.info({ destinations: handed }, 'swept deliveries that had no send job');
    },
  };
}
