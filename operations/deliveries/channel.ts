import type { Queryable } from '../../platform/db/database.js';
import type { Delivery } from '../../storage/deliveries.js';
import type { FeedEventView } from '../notifications/notification.js';

/** One event on its way to one destination. */
export interface Outgoing {
  delivery: Delivery;
  event: FeedEventView;
}

export type SendOutcome =
  /** Sent; `refs` names what the destination made of each delivery (a message id, an issue key). */
  | { ok: true; refs?: ReadonlyMap<string, string> }
  /**
   * Not sent. `retryAfterMs`: the destination said when to come back (429, Retry-After);
   * `permanent`: retrying cannot help (the destination refuses this content); `broken`: the
   * integration itself is wrong (bad credentials, a deleted webhook) and is switched off until fixed.
   */
  | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean; broken?: boolean };

/**
 * A way out for events (Discord, Slack, JIRA, email). The delivery machinery handles batching,
 * retries, backoff and dead letters; a channel only sends a batch to one destination and says
 * how that went.
 */
export interface Channel {
  kind: string;
  /** How long events for one destination gather before they are sent together (chat: a few seconds). */
  batchWindowMs: number;
  /**
   * The destination takes at most one message per this long (Slack's webhooks one a second): after
   * a send, the next waits it out even when events planned meanwhile are already due. Absent: none.
   */
  minSendIntervalMs?: number;
  /** Most events in one send. */
  maxBatch: number;
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
  /** A delivery left 'sending' this long belonged to a worker that died mid-call: it is sent again. */
  inDoubtAfterMs: number;
  send(destination: string, batch: readonly Outgoing[], context: { db: Queryable }): Promise<SendOutcome>;
}

/** The channels this process can deliver through, by kind. */
export type Channels = ReadonlyMap<string, Channel>;
