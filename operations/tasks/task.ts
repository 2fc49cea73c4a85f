import { formatDocumentName } from '../../documents/document-name.js';
import type { CardEntry } from '../../documents/kanban/schema.js';
import type { Versioned } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';

/** A card as the REST API shows it: its own id is enough to address it later. */
export type Task = Omit<CardEntry, 'id'> & {
  /** `<projectId>.<boardId>.<cardId>` */
  id: string;
  projectId: string;
  boardId: string;
  cardId: string;
  etag: string;
};

export function toTask(where: { projectId: string; boardId: string }, entry: Versioned): Task {
  const { id: cardId, ...card } = entry.data as CardEntry;
  return { ...card, id: formatItemId({ projectId: where.projectId, documentId: where.boardId, entryId: cardId }), projectId: where.projectId, boardId: where.boardId, cardId, etag: entry.etag };
}

export function boardName(projectId: string, boardId: string): string {
  return formatDocumentName({ kind: 'kanban', projectId, id: boardId });
}
