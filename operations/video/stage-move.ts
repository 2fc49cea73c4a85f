import type * as Y from 'yjs';
import { DocumentError, notFound } from '../../documents/document-error.js';
import { entryMaps, siblingOrder } from '../../documents/entries.js';
import { isOrderKey } from '../../documents/order-key.js';
import { missingRequirements, moveItem } from '../../documents/pipeline/pipeline.js';
import { ITEMS, type Stage } from '../../documents/pipeline/schema.js';
import { AppError } from '../../platform/app-error.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type ItemDetail, type ItemType, type PipelineItem, type Where, editItem, entryIdOf, itemTarget, missingNow, toItem } from './pipeline-item.js';

export interface StageMove {
  stage: Stage;
  /** Position among the stage's items of the same type as listed (archived ones left out); the end when no position is given. */
  index?: number | undefined;
  /** Just before or after another item of the target stage (an item id of this pipeline, or its entry id). */
  beforeId?: string | undefined;
  afterId?: string | undefined;
  /** Move even though the item lacks what the stage needs (the board shows the gaps). */
  force?: boolean | undefined;
}

/** The index `keyAt` places at: among the stage's placed items (every type), without the moving one. */
function placement(doc: Y.Doc, where: Where, entryId: string, type: ItemType, move: StageMove): number {
  const items = entryMaps(doc, ITEMS);
  const siblings = siblingOrder(doc, ITEMS, 'stage', move.stage, entryId).filter((sibling) => isOrderKey(sibling.order));
  const neighbour = move.beforeId ?? move.afterId;
  if (neighbour !== undefined) {
    const field = move.beforeId !== undefined ? 'beforeId' : 'afterId';
    const neighbourId = entryIdOf(neighbour, where);
    const at = neighbourId === null ? -1 : siblings.findIndex((sibling) => sibling.id === neighbourId);
    if (at < 0) {
      if (neighbourId === null || !items.has(neighbourId)) throw notFound('item', neighbour);
      throw new DocumentError('INVALID_MOVE', `item ${neighbourId} is not in stage ${move.stage}`, { issues: [{ path: field, message: 'is not in the target stage' }] });
    }
    return field === 'beforeId' ? at : at + 1;
  }
  if (move.index === undefined) return Number.MAX_SAFE_INTEGER;
  const listed = siblings.filter((sibling) => {
    const item = items.get(sibling.id);
    return item?.get('type') === type && item.get('archived') !== true;
  });
  const before = listed[move.index];
  if (before) return siblings.indexOf(before);
  const last = listed.at(-1);
  return last ? siblings.indexOf(last) + 1 : siblings.length;
}

/**
 * Moves an item to a stage (or within its stage). Entering a stage whose requirements the item
 * does not meet is refused with 422 STAGE_REQUIREMENTS_NOT_MET listing each missing requirement,
 * unless `force`; the check and the move run in one transaction, so a refusal writes nothing and
 * nothing changes the item between them. Reordering within the item's current stage is not
 * entering it and is never refused.
 */
export async function moveToStage<Item>(
  deps: OperationDeps,
  caller: Caller,
  id: string,
  type: ItemType,
  move: StageMove,
  ifMatch: string | undefined,
  present: (item: PipelineItem) => Item,
): Promise<Outcome<ItemDetail<Item>>> {
  const target = await itemTarget(deps, caller, id, type, 'write');
  if (!target.ok) return target;
  const { entryId } = target.value;
  return editItem(
    deps,
    target.value,
    type,
    ifMatch,
    (doc, current) => {
      const entering = current.data.stage !== move.stage;
      const positioned = move.index !== undefined || move.beforeId !== undefined || move.afterId !== undefined;
      if (!entering && !positioned) return undefined;
      if (entering && !move.force) {
        const missing = missingRequirements(doc, entryId, move.stage);
        if (missing.length > 0) {
          const needs = missing.map((need) => need.description).join(', ');
          return new AppError('STAGE_REQUIREMENTS_NOT_MET', `This ${type} cannot enter ${move.stage} yet: it needs ${needs}. Nothing was moved (send force: true to move it anyway).`, missing);
        }
      }
      moveItem(doc, entryId, move.stage, placement(doc, target.value, entryId, type, move));
      return undefined;
    },
    (doc, entry) => ({ ...present(toItem(target.value, entry)), missing: missingNow(doc, entry) }),
  );
}
