import type { Channels } from '../../operations/deliveries/channel.js';
import { type DeliveryPlanner, integrationPlanner } from '../../operations/deliveries/plan-deliveries.js';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import type { AnyJob } from '../job.js';
import { fanOutEventsJob } from './fan-out-events.js';
import { pruneExpiredIdempotencyKeys } from './prune-idempotency-keys.js';
import { sendDeliveriesJob } from './send-deliveries.js';

/** What jobs need besides the database, built where the process is composed. */
export interface JobDependencies {
  hub: NotificationHub;
  /** The channels events are delivered through (Discord, Slack, JIRA, email), by kind. */
  channels: Channels;
  /** Who gets deliveries besides the project's integrations (email to the people concerned). */
  planners?: readonly DeliveryPlanner[];
}

/** Every job this codebase knows: each process declares their queues; the worker role runs them. */
export function allJobs(deps: JobDependencies) {
  const send = sendDeliveriesJob(deps.channels);
  const fanOut = fanOutEventsJob({ hub: deps.hub, channels: deps.channels, planners: [integrationPlanner, ...(deps.planners ?? [])], send });
  return {
    fanOut,
    jobs: [fanOut, send, pruneExpiredIdempotencyKeys] as readonly AnyJob[],
    /** Jobs that run on a schedule (cron, UTC), once per slot across all workers. */
    scheduled: [{ job: pruneExpiredIdempotencyKeys as AnyJob, cron: '17 * * * *' }],
  };
}
