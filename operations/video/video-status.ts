import { readCollection } from '../../documents/entries.js';
import { type Missing, missingRequirements } from '../../documents/pipeline/pipeline.js';
import { ASSETS, type ItemEntry, STAGES, type Stage } from '../../documents/pipeline/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type FeedbackCounts, countFeedback, feedbackOf } from './feedback.js';
import { itemTarget, missingNow, readItem, toItem } from './pipeline-item.js';

/** Where a video stands: its stage and what it lacks there, what the next stage would need, who and when, feedback. */
export interface VideoStatus {
  id: string;
  itemId: string;
  projectId: string;
  pipelineId: string;
  title: string;
  stage: Stage;
  missing: Missing;
  /** The next stage and what the video lacks for it; null in the last stage. */
  next: { stage: Stage; missing: Missing } | null;
  assigneeId: string | null;
  dueDate: string | null;
  campaignId: string | null;
  assets: number;
  feedback: FeedbackCounts;
  /** The video's version (its own fields, not its assets or feedback): send it as If-Match. */
  etag: string;
}

export async function getVideoStatus(deps: OperationDeps, caller: Caller, videoId: string): Promise<Outcome<VideoStatus>> {
  const target = await itemTarget(deps, caller, videoId, 'video', 'read');
  if (!target.ok) return target;
  return readItem(deps, target.value, 'video', (doc, entry) => {
    const video = toItem(target.value, entry);
    const item = entry.data as ItemEntry;
    const following = STAGES[STAGES.indexOf(item.stage) + 1];
    return {
      id: video.id,
      itemId: video.itemId,
      projectId: video.projectId,
      pipelineId: video.pipelineId,
      title: video.title,
      stage: video.stage,
      missing: missingNow(doc, entry),
      next: following ? { stage: following, missing: missingRequirements(doc, item.id, following) } : null,
      assigneeId: video.assigneeId,
      dueDate: video.dueDate,
      campaignId: video.campaignId,
      assets: readCollection(doc, ASSETS).filter((asset) => asset.itemId === item.id).length,
      feedback: countFeedback(feedbackOf(doc, item.id)),
      etag: video.etag,
    };
  });
}
