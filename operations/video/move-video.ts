import type { Stage } from '../../documents/pipeline/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type StageMove, moveToStage } from './stage-move.js';
import { type VideoDetail, asVideo } from './video.js';

export interface VideoMove extends Omit<StageMove, 'stage'> {
  videoId: string;
  toStage: Stage;
}

/** Moves a video through the pipeline; entering a stage it does not meet the requirements of is refused unless forced. */
export function moveVideo(deps: OperationDeps, caller: Caller, move: VideoMove, ifMatch?: string): Promise<Outcome<VideoDetail>> {
  const { videoId, toStage, ...placement } = move;
  return moveToStage(deps, caller, videoId, 'video', { ...placement, stage: toStage }, ifMatch, asVideo);
}
