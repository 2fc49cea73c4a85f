import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { itemTarget, missingNow, readItem, toItem } from './pipeline-item.js';
import { type VideoDetail, asVideo } from './video.js';

/** One video with what its stage still needs, read from its pipeline (the live one when open). */
export async function getVideo(deps: OperationDeps, caller: Caller, videoId: string): Promise<Outcome<VideoDetail>> {
  const target = await itemTarget(deps, caller, videoId, 'video', 'read');
  if (!target.ok) return target;
  return readItem(deps, target.value, 'video', (doc, entry) => ({ ...asVideo(toItem(target.value, entry)), missing: missingNow(doc, entry) }));
}
