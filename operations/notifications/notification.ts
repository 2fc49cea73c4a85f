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
  documentId: string;
  /** The item's API id (`<projectId>.<documentId>.<entryId>`), to open it. */
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

export function toFeedEventView(event: StoredEvent): FeedEventView {
  const parsed = parseDocumentName(event.documentName);
  const documentId = parsed.ok ? parsed.value.id : event.documentName;
  return {
    id: event.id,
    type: event.type,
    projectId: event.projectId,
    kind: event.kind,
    documentId,
    itemId: formatItemId({ projectId: event.projectId, documentId, entryId: event.entryId }),
    actor: event.actor,
    data: event.data,
    occurredAt: event.occurredAt.toISOString(),
  };
}

export function toNotification(stored: StoredNotification): Notification {
  return { id: stored.id, createdAt: stored.createdAt.toISOString(), readAt: stored.readAt?.toISOString() ?? null, event: toFeedEventView(stored.event) };
}
