import { type EventEntry, toInstant } from './schema.js';

export type ConflictReason = 'channel' | 'assignee';

/** Two events that overlap in time and share a channel, an assignee or both; `a` < `b`. */
export interface Conflict {
  a: string;
  b: string;
  reasons: ConflictReason[];
}

interface Slot {
  id: string;
  start: number;
  end: number;
  channel: string;
  assigneeId: string | null;
  /** Position in the sweep, which is also the order conflicts are reported in. */
  rank: number;
}

const takesSlot = (event: EventEntry): boolean => !event.archived && event.status !== 'cancelled';

/**
 * Sweeps `bucket` for what overlaps `slot`. Slots come in start order, so one that ended by this
 * start overlaps nothing later either and is dropped for good: each slot is dropped at most once,
 * and every member that stays is a conflict, so a sweep costs only what it reports.
 */
function overlapping(bucket: Set<Slot> | undefined, slot: Slot): Slot[] {
  const found: Slot[] = [];
  if (!bucket) return found;
  for (const other of bucket) {
    if (other.end <= slot.start) bucket.delete(other);
    else found.push(other);
  }
  return found;
}

function join(buckets: Map<string, Set<Slot>>, key: string, slot: Slot): void {
  const bucket = buckets.get(key);
  if (bucket) bucket.add(slot);
  else buckets.set(key, new Set([slot]));
}

/** Merges two lists sorted by rank into one conflict per partner, with every reason it shares. */
function report(slot: Slot, byChannel: Slot[], byAssignee: Slot[], into: Conflict[]): void {
  let c = 0;
  let p = 0;
  while (c < byChannel.length || p < byAssignee.length) {
    const channel = byChannel[c];
    const assignee = byAssignee[p];
    const other = channel && (!assignee || channel.rank <= assignee.rank) ? channel : assignee!;
    const reasons: ConflictReason[] = [];
    if (other === channel) {
      reasons.push('channel');
      c++;
    }
    if (other === assignee) {
      reasons.push('assignee');
      p++;
    }
    into.push(other.id < slot.id ? { a: other.id, b: slot.id, reasons } : { a: slot.id, b: other.id, reasons });
  }
}

/**
 * Every pair of events that overlap in time and share a channel or an assignee. Intervals are
 * half-open on absolute instants: events in different zones compare correctly, and one that
 * ends when the next starts does not overlap it. Archived and cancelled events take no slot,
 * and neither does an event that does not end after it starts (the server repairs those). It
 * reports; nothing is refused.
 *
 * Events are swept in start order with, per channel and per assignee, the events still running:
 * O(n log n + k) for n events and k conflicts, where comparing every pair would be O(n²).
 * Conflicts come in sweep order (the later-starting event's start, then id; then its partner's),
 * the same on every replica for the same events.
 */
export function findConflicts(events: readonly EventEntry[]): Conflict[] {
  const slots = events
    .filter(takesSlot)
    .map((event) => ({ id: event.id, start: toInstant(event.start), end: toInstant(event.end), channel: event.channel, assigneeId: event.assigneeId, rank: 0 }))
    .filter((slot) => slot.end > slot.start)
    .sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const channels = new Map<string, Set<Slot>>();
  const assignees = new Map<string, Set<Slot>>();
  const conflicts: Conflict[] = [];
  slots.forEach((slot, rank) => {
    slot.rank = rank;
    const byChannel = overlapping(channels.get(slot.channel), slot);
    const byAssignee = slot.assigneeId === null ? [] : overlapping(assignees.get(slot.assigneeId), slot);
    report(slot, byChannel, byAssignee, conflicts);
    join(channels, slot.channel, slot);
    if (slot.assigneeId !== null) join(assignees, slot.assigneeId, slot);
  });
  return conflicts;
}
