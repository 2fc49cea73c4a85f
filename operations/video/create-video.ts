import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type NewItem, createItem } from './create-item.js';
import { type VideoDetail, asVideo } from './video.js';

/** Adds a video to a pipeline's idea stage, optionally in a campaign of the same pipeline. */
export function createVideo(deps: OperationDeps, caller: Caller, input: NewItem): Promise<Outcome<VideoDetail>> {
  return createItem(deps, caller, 'video', input, asVideo);
}
