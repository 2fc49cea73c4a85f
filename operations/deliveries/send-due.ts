import type { Queryable } from '../../platform/db/database.js';
import { loadEvents } from '../../storage/change-feed.js';
import { claimDue, markDelivered, markFailed, nextDue, waitBeforeNextSend } from '../../storage/deliveries.js';
import { toFeedEventView } from '../notifications/notification.js';
import type { Channel, Outgoing } from './channel.js';
import { markIntegrationBroken } from './integration-broken.js';

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … (from `baseMs`) up to 10 minutes, each between half and all of it. */
export function backoffMs(attempt: number, random = Math.random, baseMs = 2_000): number {
  return Math.round(Math.min(600_000, baseMs * 2 ** Math.max(0, attempt - 1)) * (0.5 + random() / 2));
}

export interface SendOptions {
  now?: () => number;
  /** The first retry's delay before jitter (DELIVERY_BACKOFF_BASE_MS). */
  backoffBaseMs?: number;
}

/**
 * Sends what is due for one destination as one batch and records the outcome: delivered; or back
 * to pending until the destination's Retry-After or the backoff; or dead after the channel's last
 * attempt (or at once when retrying cannot help). Marks the integration broken when the channel
 * says so. Returns when the destination next has something due.
 */
export async function sendDue(db: Queryable, channel: Channel, destination: string, options: SendOptions = {}): Promise<{ sent: number; nextAt: Date | null }> {
  const now = options.now ?? Date.now;
  // Events planned while the last send was in flight may be due at once; a paced destination waits.
  const wait = channel.minSendIntervalMs ? await waitBeforeNextSend(db, channel.kind, destination, channel.minSendIntervalMs) : 0;
  if (wait > 0) return { sent: 0, nextAt: new Date(now() + wait) };
  const claimed = await claimDue(db, channel.kind, destination, channel.maxBatch, channel.inDoubtAfterMs);
  if (claimed.length === 0) return { sent: 0, nextAt: await nextDue(db, channel.kind, destination, channel.inDoubtAfterMs) };
  // In the order things happened (the feed's order), whatever order the deliveries were recorded in.
  const byEvent = new Map(claimed.map((delivery) => [delivery.eventId, delivery]));
  const batch: Outgoing[] = (await loadEvents(db, [...byEvent.keys()])).map((event) => ({ delivery: byEvent.get(event.id)!, event: toFeedEventView(event) }));
  const outcome = await channel.send(destination, batch, { db });
  // Measured from the answer, which came after the destination took the message; saves a job
  // that would only find it has to wait.
  const earliestNext = new Date(now() + (channel.minSendIntervalMs ?? 0));
  const ids = batch.map((item) => item.delivery.id);
  if (outcome.ok) {
    await markDelivered(db, ids, outcome.refs);
  } else {
    if (outcome.broken) await markIntegrationBroken(db, destination, outcome.error);
    // Told to wait (a 429 with its Retry-After): the destination is there and took nothing, so the
    // claim is not an attempt; a long rate limit must not use up a delivery's attempts.
    const onlyWait = outcome.retryAfterMs !== undefined && !outcome.permanent && !outcome.broken;
    const dead = batch.filter((item) => outcome.permanent || outcome.broken || (!onlyWait && item.delivery.attempts >= channel.maxAttempts)).map((item) => item.delivery.id);
    const again = ids.filter((id) => !dead.includes(id));
    await markFailed(db, dead, outcome.error, null);
    const attempt = Math.max(...batch.map((item) => item.delivery.attempts));
    await markFailed(db, again, outcome.error, new Date(now() + (outcome.retryAfterMs ?? backoffMs(attempt, Math.random, options.backoffBaseMs))), { uncounted: onlyWait });
  }
  const due = await nextDue(db, channel.kind, destination, channel.inDoubtAfterMs);
  return { sent: outcome.ok ? ids.length : 0, nextAt: due && due < earliestNext ? earliestNext : due };
}
