import type { DocumentKind } from './document-name.js';

/**
 * What happened to a document, in its users' terms: computed from one committed state of an
 * entry to the next (never from update bytes), so a card dragged through three columns offline
 * and synced at once is one move, from where it was to where it is.
 */
export const CHANGE_EVENT_TYPES = [
  'task.created',
  'task.moved',
  'task.assigned',
  'task.unassigned',
  'task.due-changed',
  'task.commented',
  'task.archived',
  'event.scheduled',
  'event.rescheduled',
  'event.cancelled',
  /** A change made an event clash with another of its calendar (computed across entries: see calendar/conflict-events). */
  'event.conflicting',
  'item.stage-changed',
  'item.feedback-added',
  'thread.opened',
  'thread.replied',
  'thread.resolved',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

export interface ChangeEvent {
  type: ChangeEventType;
  /** The entry the event is about (the card a comment is on, the thread a reply answers). */
  entryId: string;
  /** What the event needs to be read without the document: titles, from/to, who. */
  data: Record<string, unknown>;
}

type Entry = Record<string, unknown> | null;

/** Computes the events of one entry's change; `before`/`after` are readers' views (null: absent). */
export type EventDiff = (collection: string, before: Entry, after: Entry) => ChangeEvent[];

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const excerpt = (value: unknown): string => {
  const text = str(value) ?? '';
  return text.length > 280 ? `${text.slice(0, 279)}…` : text;
};

const kanban: EventDiff = (collection, before, after) => {
  if (!after) return [];
  if (collection === 'comments') {
    if (before || after.deleted === true) return [];
    return [{ type: 'task.commented', entryId: String(after.cardId), data: { commentId: after.id, authorId: after.authorId, body: excerpt(after.body) } }];
  }
  if (collection !== 'cards') return [];
  const id = String(after.id);
  const title = str(after.title) ?? '';
  if (!before) return [{ type: 'task.created', entryId: id, data: { title, columnId: after.columnId, assignees: list(after.assignees) } }];
  const events: ChangeEvent[] = [];
  if (before.columnId !== after.columnId) events.push({ type: 'task.moved', entryId: id, data: { title, from: before.columnId, to: after.columnId } });
  const was = new Set(list(before.assignees));
  const is = new Set(list(after.assignees));
  for (const person of is) if (!was.has(person)) events.push({ type: 'task.assigned', entryId: id, data: { title, assignee: person } });
  for (const person of was) if (!is.has(person)) events.push({ type: 'task.unassigned', entryId: id, data: { title, assignee: person } });
  if (before.dueDate !== after.dueDate) events.push({ type: 'task.due-changed', entryId: id, data: { title, from: before.dueDate ?? null, to: after.dueDate ?? null } });
  if (before.archived !== true && after.archived === true) events.push({ type: 'task.archived', entryId: id, data: { title } });
  return events;
};

const calendar: EventDiff = (collection, before, after) => {
  if (collection !== 'events' || !after) return [];
  const id = String(after.id);
  const base = { title: str(after.title) ?? '', channel: after.channel, start: after.start, end: after.end };
  const cancelled = (entry: Record<string, unknown>) => entry.status === 'cancelled' || entry.archived === true;
  if (!before) return cancelled(after) ? [] : [{ type: 'event.scheduled', entryId: id, data: base }];
  if (!cancelled(before) && cancelled(after)) return [{ type: 'event.cancelled', entryId: id, data: base }];
  if (before.start !== after.start || before.end !== after.end) {
    return [{ type: 'event.rescheduled', entryId: id, data: { ...base, from: { start: before.start, end: before.end } } }];
  }
  return [];
};

const pipeline: EventDiff = (collection, before, after) => {
  if (!after) return [];
  if (collection === 'feedback') {
    return before ? [] : [{ type: 'item.feedback-added', entryId: String(after.itemId), data: { feedbackId: after.id, authorId: after.authorId, stage: after.stage, body: excerpt(after.body) } }];
  }
  if (collection !== 'items' || !before || before.stage === after.stage) return [];
  return [{ type: 'item.stage-changed', entryId: String(after.id), data: { title: str(after.title) ?? '', itemType: after.type, from: before.stage, to: after.stage } }];
};

const annotations: EventDiff = (collection, before, after) => {
  if (!after) return [];
  if (collection === 'threads') {
    if (!before) return [{ type: 'thread.opened', entryId: String(after.id), data: { target: after.target, authorId: after.authorId, body: excerpt(after.body), quote: excerpt((after.anchor as { quote?: unknown } | undefined)?.quote) } }];
    if (before.resolved !== true && after.resolved === true) return [{ type: 'thread.resolved', entryId: String(after.id), data: { by: after.resolvedBy } }];
    return [];
  }
  if (collection === 'replies' && !before && after.deleted !== true) {
    return [{ type: 'thread.replied', entryId: String(after.threadId), data: { replyId: after.id, authorId: after.authorId, body: excerpt(after.body) } }];
  }
  return [];
};

const BY_KIND: Record<DocumentKind, EventDiff> = { kanban, calendar, pipeline, annotations };

/** The events of one entry's change in a document of `kind`. */
export function eventsOf(kind: DocumentKind, collection: string, before: Entry, after: Entry): ChangeEvent[] {
  return BY_KIND[kind](collection, before, after);
}
