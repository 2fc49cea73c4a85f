import { z } from 'zod';
import { cardChanges, cardEntry, columnEntry, commentEntry } from '../../documents/kanban/schema.js';
import { cursorQuery, queryBoolean } from '../operation-response.js';
import { userText } from '../text.js';

const projectId = z.uuid().transform((id) => id.toLowerCase());
const documentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
const instant = z.iso.datetime({ offset: true });
const index = z.number().int().min(0).max(1_000_000);
/** Text fields keep the model's limits (each error names the field and its limit) and refuse what cannot be stored. */
const title = userText().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');

export const listTasksQuery = cursorQuery.extend({
  projectId: projectId.optional(),
  boardId: documentId.optional(),
  columnId: documentId.optional(),
  assignee: z.string().max(64).optional(),
  label: z.string().max(64).optional(),
  dueBefore: instant.optional(),
  dueAfter: instant.optional(),
  text: userText().max(200).optional(),
  archived: queryBoolean.optional(),
});

const changes = cardChanges.extend({ title: title.optional(), description: userText().max(20_000, 'must be at most 20000 characters').optional() }).strict();

export const createTaskBody = changes
  .extend({ projectId, boardId: documentId, columnId: documentId.optional(), title, index: index.optional(), cardId: documentId.optional() })
  .strict();
export const updateTaskBody = changes.refine((value) => Object.keys(value).length > 0, 'give at least one field to change');
export const moveTaskBody = z
  .object({ taskId: z.string().max(200), toColumnId: documentId, beforeId: z.string().max(200).optional(), afterId: z.string().max(200).optional(), index: index.optional() })
  .strict()
  .refine((value) => [value.beforeId, value.afterId, value.index].filter((v) => v !== undefined).length <= 1, 'give at most one of beforeId, afterId and index');

export const listColumnsQuery = z.object({ projectId, boardId: documentId, archived: queryBoolean.optional() }).strict();
export const createColumnBody = z.object({ projectId, boardId: documentId, title: userText().trim().min(1).max(200), index: index.optional(), columnId: documentId.optional() }).strict();
export const updateColumnBody = z
  .object({ title: userText().trim().min(1).max(200).optional(), index: index.optional(), archived: z.boolean().optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'give at least one of title, index and archived');

export const addCommentBody = z.object({ body: userText().trim().min(1).max(10_000), commentId: documentId.optional() }).strict();

/** What the API answers: the model's fields plus where the item lives and its version. */
const located = { id: z.string(), projectId: z.uuid(), boardId: z.string(), etag: z.string() };
export const taskResponse = cardEntry.omit({ id: true }).extend({ ...located, cardId: z.string() });
export const columnResponse = columnEntry.omit({ id: true }).extend({ ...located, columnId: z.string() });
export const commentResponse = commentEntry.omit({ id: true, cardId: true }).extend({ id: z.string(), taskId: z.string(), commentId: z.string(), etag: z.string() });
export const taskPageResponse = z.object({ items: z.array(taskResponse), next: z.string().nullable() });
