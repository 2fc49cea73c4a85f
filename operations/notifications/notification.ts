import { parseDocumentName } from '../../documents/document-name.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import type { StoredNotification } from '../../storage/notifications.js';
import { formatItemId } from '../item-id.js';

/** A change-feed event as people and integrations read it. */
export interface FeedEventView {
  id: string;
  type: StoredEvent['type'];
  projectId: string;
  kind: string;
  /** Null for events outside documents (requests, integrations). */
  documentId: string | null;
  /** The item's API id, to open it: `<projectId>.<documentId>.<entryId>`, or the entry's own id (a request's) outside documents. */
  itemId: string;
  /** 'user:<id>', 'key:<id>' or 'server'. */
  actor: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface Notification {
  id: string;
  createdAt: string;
  readAt: string | null;
  event: FeedEventView;
}

/** The id of the event's document, or null for an event outside documents. */
function documentIdOf(documentName: string | null): string | null {
  if (documentName === null) return null;
  const parsed = parseDocumentName(documentName);
  return parsed.ok ? parsed.value.id : documentName;
}

export function toFeedEventView(event: StoredEvent): FeedEventView {
  const documentId = documentIdOf(event.documentName);
  return {
    id: event.id,
    type: event.type,
    projectId: event.projectId,
    kind: event.kind,
    documentId,
    itemId: documentId === null ? event.entryId : formatItemId({ projectId: event.projectId, documentId, entryId: event.entryId }),
    actor: event.actor,
    data: event.data,
    occurredAt: event.occurredAt.toISOString(),
  };
}

export function toNotification(stored: StoredNotification): Notification {
  return { id: stored.id, createdAt: stored.createdAt.toISOString(), readAt: stored.readAt?.toISOString() ?? null, event: toFeedEventView(stored.event) };
}
