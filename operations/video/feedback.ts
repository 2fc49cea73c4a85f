import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { readCollection } from '../../documents/entries.js';
import { addFeedback } from '../../documents/pipeline/pipeline.js';
import { FEEDBACK, type FeedbackEntry } from '../../documents/pipeline/schema.js';
import { entryEtag } from '../../documents/projection.js';
import { publicIdOf } from '../../identity/public-id.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { currentEntry, editOutcome } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, attempt, ok } from '../outcome.js';
import { type Where, currentItem, itemTarget } from './pipeline-item.js';

/** Feedback on a video as the REST API shows it: `itemId` is the video's entry id (as in the model), `videoId` its full id. */
export type Feedback = Omit<FeedbackEntry, 'id'> & { id: string; feedbackId: string; videoId: string; etag: string };

export interface FeedbackCounts {
  open: number;
  resolved: number;
}

export function toFeedback(where: Where, feedback: FeedbackEntry): Feedback {
  const { id: feedbackId, ...fields } = feedback;
  const at = (entryId: string) => formatItemId({ projectId: where.projectId, documentId: where.pipelineId, entryId });
  return { ...fields, id: at(feedbackId), feedbackId, videoId: at(feedback.itemId), etag: entryEtag(feedback) };
}

export function countFeedback(feedback: readonly FeedbackEntry[]): FeedbackCounts {
  const resolved = feedback.filter((entry) => entry.resolved).length;
  return { open: feedback.length - resolved, resolved };
}

/** A video's feedback, oldest first. */
export function feedbackOf(doc: Y.Doc, videoEntryId: string): FeedbackEntry[] {
  return readCollection(doc, FEEDBACK)
    .filter((entry) => entry.itemId === videoEntryId)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Gives feedback on a video in the caller's name, recorded against the stage it is in now. */
export async function addVideoFeedback(deps: OperationDeps, caller: Caller, videoId: string, input: { body: string; feedbackId?: string | undefined }): Promise<Outcome<Feedback>> {
  const target = await itemTarget(deps, caller, videoId, 'video', 'write');
  if (!target.ok) return target;
  const { entryId, name, editor } = target.value;
  const feedbackId = input.feedbackId ?? randomUUID();
  const result = await deps.live.edit(name, editor, (doc) => {
    currentItem(doc, 'video', entryId);
    addFeedback(doc, { id: feedbackId, itemId: entryId, authorId: publicIdOf(caller.principal), body: input.body, createdAt: new Date().toISOString() });
    return currentEntry(doc, FEEDBACK, 'feedback', feedbackId);
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(toFeedback(target.value, outcome.value.data as FeedbackEntry)) : outcome;
}

/** A video's feedback, oldest first, open and resolved. */
export async function listVideoFeedback(deps: OperationDeps, caller: Caller, videoId: string): Promise<Outcome<Feedback[]>> {
  const target = await itemTarget(deps, caller, videoId, 'video', 'read');
  if (!target.ok) return target;
  return deps.live.read(target.value.name, (doc) =>
    attempt(() => {
      currentItem(doc, 'video', target.value.entryId);
      return feedbackOf(doc, target.value.entryId).map((entry) => toFeedback(target.value, entry));
    }),
  );
}
