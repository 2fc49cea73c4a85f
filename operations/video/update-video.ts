import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type ItemFields, updateItemFields } from './item-fields.js';
import { type VideoDetail, asVideo } from './video.js';

/** Sets what the stage table asks of a video (brief, script link, assignee, due date) and its title and campaign. */
export function updateVideo(deps: OperationDeps, caller: Caller, videoId: string, fields: ItemFields, ifMatch?: string): Promise<Outcome<VideoDetail>> {
  return updateItemFields(deps, caller, videoId, 'video', fields, ifMatch, asVideo);
}
