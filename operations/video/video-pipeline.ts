import { type ItemView, readPipeline } from '../../documents/pipeline/pipeline.js';
import type { Stage } from '../../documents/pipeline/schema.js';
import { STAGE_REQUIREMENTS } from '../../documents/pipeline/stages.js';
import { entryEtag } from '../../documents/projection.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { type Outcome, ok } from '../outcome.js';
import { type Asset, toAsset } from './assets.js';
import { type FeedbackCounts, countFeedback } from './feedback.js';
import { type Where, pipelineName, toItem } from './pipeline-item.js';
import { type VideoDetail, asVideo } from './video.js';

export type VideoCard = VideoDetail & { assets: Asset[]; feedback: FeedbackCounts };

export interface VideoPipeline extends Where {
  /** Every stage in order, with what it requires and its videos in board order (archived ones left out). */
  stages: { stage: Stage; requirements: { id: string; description: string }[]; videos: VideoCard[] }[];
}

function toCard(where: Where, view: ItemView): VideoCard {
  const { assets, feedback, missing, ...item } = view;
  return { ...asVideo(toItem(where, { data: item, etag: entryEtag(item) })), missing, assets: assets.map((asset) => toAsset(where, 'video', asset)), feedback: countFeedback(feedback) };
}

/**
 * A pipeline's videos by stage, read from the live document when it is open (so a video a
 * socket added a moment ago is there), the stored one otherwise.
 */
export async function getVideoPipeline(deps: OperationDeps, caller: Caller, where: Where): Promise<Outcome<VideoPipeline>> {
  const access = await documentFor(deps, caller, { projectId: where.projectId, documentId: where.pipelineId, kind: 'pipeline' }, 'read');
  if (!access.ok) return access;
  return ok(
    await deps.live.read(pipelineName(where.projectId, where.pipelineId), (doc) => ({
      projectId: where.projectId,
      pipelineId: where.pipelineId,
      stages: readPipeline(doc).stages.map(({ stage, items }) => ({
        stage,
        requirements: STAGE_REQUIREMENTS[stage].map(({ id, description }) => ({ id, description })),
        videos: items.filter((item) => item.type === 'video').map((item) => toCard(where, item)),
      })),
    })),
  );
}
