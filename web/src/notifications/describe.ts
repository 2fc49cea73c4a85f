/** A notification as the API lists it (GET /api/notifications). */
export interface InboxNotification {
  id: string;
  createdAt: string;
  readAt: string | null;
  event: {
    id: string;
    type: string;
    projectId: string;
    /** The document's kind (kanban, calendar…) or, outside documents, what the event is about (request, integration). */
    kind: string;
    documentId: string | null;
    itemId: string;
    /** 'user:<id>', 'key:<id>' or 'server'. */
    actor: string;
    data: Record<string, unknown>;
    occurredAt: string;
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const quoted = (value: unknown, fallback = 'an item') => (text(value) ? `“${text(value)}”` : fallback);
/** Column and stage ids read as words: 'in-progress' → 'In progress'. */
const words = (value: unknown) => {
  const flat = text(value).replace(/[-_]/g, ' ').trim();
  return flat ? flat[0]!.toUpperCase() + flat.slice(1) : 'somewhere';
};
const day = (value: unknown) => (text(value) ? new Date(text(value)).toLocaleDateString() : 'no date');

/**
 * What a notification says, in a sentence that starts with who did it. Data comes from other
 * people: it is only ever rendered as text (React escapes it), never as markup.
 */
export function describe(notification: InboxNotification, actorName: string, me: string): string {
  return describeEvent(notification.event, actorName, me);
}

/** The same sentence for any feed event (a notification's, or a change between two versions of a document). */
export function describeEvent({ type, data }: { type: string; data: Record<string, unknown> }, actorName: string, me: string): string {
  const who = (id: unknown) => (text(id) === me ? 'you' : 'someone');
  switch (type) {
    case 'task.created':
      return `${actorName} added ${quoted(data.title, 'a card')}`;
    case 'task.moved':
      return `${actorName} moved ${quoted(data.title, 'a card')} from ${words(data.from)} to ${words(data.to)}`;
    case 'task.assigned':
      return `${actorName} assigned ${who(data.assignee)} to ${quoted(data.title, 'a card')}`;
    case 'task.unassigned':
      return `${actorName} removed ${who(data.assignee)} from ${quoted(data.title, 'a card')}`;
    case 'task.due-changed':
      return `${actorName} changed the due date of ${quoted(data.title, 'a card')} to ${day(data.to)}`;
    case 'task.commented':
      return `${actorName} commented: ${quoted(data.body, '(empty)')}`;
    case 'task.archived':
      return `${actorName} archived ${quoted(data.title, 'a card')}`;
    case 'event.scheduled':
      return `${actorName} scheduled ${quoted(data.title, 'an event')} for ${day(data.start)}`;
    case 'event.rescheduled':
      return `${actorName} moved ${quoted(data.title, 'an event')} to ${day(data.start)}`;
    case 'event.cancelled':
      return `${actorName} cancelled ${quoted(data.title, 'an event')}`;
    case 'item.stage-changed':
      return `${actorName} moved ${quoted(data.title)} to ${words(data.to)}`;
    case 'item.feedback-added':
      return `${actorName} left feedback: ${quoted(data.body, '(empty)')}`;
    case 'thread.opened':
      return `${actorName} opened a thread: ${quoted(data.body, '(empty)')}`;
    case 'thread.replied':
      return `${actorName} replied: ${quoted(data.body, '(empty)')}`;
    case 'thread.resolved':
      return `${actorName} resolved a thread you are in`;
    case 'request.created':
      return `${actorName} requested ${quoted(data.title, 'something')}`;
    case 'request.status-changed':
      return `${actorName} moved request ${quoted(data.title)} to ${words(data.to)}`;
    case 'request.assigned':
      return `${actorName} assigned ${who(data.assignee)} to request ${quoted(data.title)}`;
    case 'request.commented':
      return `${actorName} commented on request ${quoted(data.title)}: ${quoted(data.body, '(empty)')}`;
    case 'integration.broken':
      return `Integration ${quoted(data.name, '(unnamed)')} stopped working: ${text(data.reason) || 'no reason given'}`;
    case 'test-account.rotation-due':
      return data.reason === 'failed'
        ? `The password of test account ${quoted(data.service, '(unnamed)')} was not rotated: ${text(data.error) || 'the rotator did not answer'}`
        : `The password of test account ${quoted(data.service, '(unnamed)')} is due for rotation: change it and save it here`;
    default:
      return `${actorName}: ${type}`;
  }
}

/** Where a notification opens: its board, the request, or the project's integrations. */
export function linkOf(notification: InboxNotification): string {
  const { event } = notification;
  if (event.documentId) return `#/d/${encodeURIComponent(`${event.kind}:${event.projectId}:${event.documentId}`)}`;
  const linkPath = text(event.data.linkPath);
  // Only a path of this app's own (`/#/…`): data is written by others and never sends anyone elsewhere.
  if (/^\/#\/[A-Za-z0-9/_.-]*$/.test(linkPath)) return linkPath.slice(1);
  if (event.type === 'integration.broken') return `#/p/${encodeURIComponent(event.projectId)}/integrations`;
  return `#/p/${encodeURIComponent(event.projectId)}`;
}
