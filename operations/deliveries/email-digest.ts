import { createHash } from 'node:crypto';

/**
 * When a person's email about something that happened at `occurredAt` may leave, given their
 * digest of `minutes`: the end of the digest slot it falls in. Slots are fixed per person (every
 * `minutes`, shifted by an offset drawn from their id so not everyone's digest leaves on the same
 * second), so however the events arrive (one fan-out job or several at once, on any worker) those
 * of one slot share one due time and go out as one email, with no state to consult or race on.
 * 0 (or less): no slot; the channel's batch window alone gathers a burst. Undefined means "due now".
 */
export function digestDueAt(occurredAt: Date, minutes: number, userId: string): Date | undefined {
  if (!(minutes > 0)) return undefined;
  const period = Math.round(minutes * 60_000);
  const offset = createHash('sha256').update(userId).digest().readUInt32BE(0) % period;
  const slots = Math.ceil((occurredAt.getTime() - offset) / period);
  return new Date(offset + slots * period);
}
