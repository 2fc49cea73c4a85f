import { randomUUID } from 'node:crypto';
import { addComment } from '../../documents/kanban/board.js';
import { COMMENTS, type CommentEntry } from '../../documents/kanban/schema.js';
import { entryMaps } from '../../documents/entries.js';
import { entryEtag, projectEntry } from '../../documents/projection.js';
import { publicIdOf } from '../../identity/public-id.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { currentEntry, editOutcome } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, attempt, ok } from '../outcome.js';
import { taskTarget } from './task-target.js';
import { CARDS } from '../../documents/kanban/schema.js';

export type TaskComment = Omit<CommentEntry, 'id' | 'cardId'> & { id: string; taskId: string; commentId: string; etag: string };

function toComment(where: { projectId: string; boardId: string }, data: Record<string, unknown>): TaskComment {
  const { id: commentId, cardId, ...comment } = data as CommentEntry;
  const shown = comment.deleted ? { ...comment, body: '' } : comment;
  return {
    ...shown,
    id: formatItemId({ projectId: where.projectId, documentId: where.boardId, entryId: commentId }),
    taskId: formatItemId({ projectId: where.projectId, documentId: where.boardId, entryId: cardId }),
    commentId,
    etag: entryEtag(data),
  };
}

/** A task's comments, oldest first; deleted ones keep their place without their text. */
export async function listTaskComments(deps: OperationDeps, caller: Caller, taskId: string): Promise<Outcome<TaskComment[]>> {
  const target = await taskTarget(deps, caller, taskId, 'read');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name } = target.value;
  return deps.live.read(name, (doc) =>
    attempt(() => {
      currentEntry(doc, CARDS, 'card', cardId);
      const comments: TaskComment[] = [];
      for (const value of entryMaps(doc, COMMENTS).values()) {
        const data = projectEntry(COMMENTS, value);
        if (data && data.cardId === cardId) comments.push(toComment({ projectId, boardId }, data));
      }
      return comments.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.commentId < b.commentId ? -1 : 1));
    }),
  );
}

/** Adds a comment in the caller's name (editors and above write boards; commenters comment on annotations). */
export async function addTaskComment(deps: OperationDeps, caller: Caller, taskId: string, input: { body: string; commentId?: string | undefined }): Promise<Outcome<TaskComment>> {
  const target = await taskTarget(deps, caller, taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  const commentId = input.commentId ?? randomUUID();
  const result = await deps.live.edit(name, editor, (doc) => {
    addComment(doc, { id: commentId, cardId, authorId: publicIdOf(caller.principal), body: input.body, at: new Date().toISOString() });
    return currentEntry(doc, COMMENTS, 'comment', commentId);
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(toComment({ projectId, boardId }, outcome.value.data)) : outcome;
}
