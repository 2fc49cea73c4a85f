import type { Queryable } from '../../platform/db/database.js';
import { loadEvents } from '../../storage/change-feed.js';
import { claimDue, markDelivered, markFailed, nextDue } from '../../storage/deliveries.js';
import { toFeedEventView } from '../notifications/notification.js';
import type { Channel, Outgoing } from './channel.js';

/** Exponential backoff with full jitter: 2 s, 4 s, 8 s … up to 10 minutes. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(Math.min(600_000, 2_000 * 2 ** Math.max(0, attempt - 1)) * (0.5 + random() / 2));
}

/**
 * Sends what is due for one destination as one batch and records the outcome: delivered; or back
 * to pending until the destination's Retry-After or the backoff; or dead after the channel's last
 * attempt (or at once when retrying cannot help). Marks the integration broken when the channel
 * says so. Returns when the destination next has something due.
 */
export async function sendDue(db: Queryable, channel: Channel, destination: string, now = () => Date.now()): Promise<{ sent: number; nextAt: Date | null }> {
  const claimed = await claimDue(db, channel.kind, destination, channel.maxBatch, channel.inDoubtAfterMs);
  if (claimed.length === 0) return { sent: 0, nextAt: await nextDue(db, channel.kind, destination) };
  // In the order things happened (the feed's order), whatever order the deliveries were recorded in.
  const byEvent = new Map(claimed.map((delivery) => [delivery.eventId, delivery]));
  const batch: Outgoing[] = (await loadEvents(db, [...byEvent.keys()])).map((event) => ({ delivery: byEvent.get(event.id)!, event: toFeedEventView(event) }));
  const outcome = await channel.send(destination, batch, { db });
  const ids = batch.map((item) => item.delivery.id);
  if (outcome.ok) {
    await markDelivered(db, ids, outcome.refs);
  } else {
    if (outcome.broken) await db.query(`UPDATE integrations SET status = 'broken', broken_reason = $2, updated_at = now() WHERE id::text = $1 AND status = 'active'`, [destination, outcome.error.slice(0, 500)]);
    const dead = batch.filter((item) => outcome.permanent || outcome.broken || item.delivery.attempts >= channel.maxAttempts).map((item) => item.delivery.id);
    const again = ids.filter((id) => !dead.includes(id));
    await markFailed(db, dead, outcome.error, null);
    const attempt = Math.max(...batch.map((item) => item.delivery.attempts));
    await markFailed(db, again, outcome.error, new Date(now() + (outcome.retryAfterMs ?? backoffMs(attempt))));
  }
  return { sent: outcome.ok ? ids.length : 0, nextAt: await nextDue(db, channel.kind, destination) };
}
