import type { ColumnEntry } from '../../documents/kanban/schema.js';
import type { Versioned } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';

/** A board column as the REST API shows it. */
export type Column = Omit<ColumnEntry, 'id'> & { id: string; projectId: string; boardId: string; columnId: string; etag: string };

export function toColumn(where: { projectId: string; boardId: string }, entry: Versioned): Column {
  const { id: columnId, ...column } = entry.data as ColumnEntry;
  return { ...column, id: formatItemId({ projectId: where.projectId, documentId: where.boardId, entryId: columnId }), projectId: where.projectId, boardId: where.boardId, columnId, etag: entry.etag };
}
