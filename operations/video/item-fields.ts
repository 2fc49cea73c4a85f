import { parseDocumentName } from '../../documents/document-name.js';
import { updateItem } from '../../documents/pipeline/pipeline.js';
import type { ItemChanges } from '../../documents/pipeline/schema.js';
import { getDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ItemDetail, type ItemType, type PipelineItem, type Where, editItem, entryIdOf, itemTarget, missingNow, toItem } from './pipeline-item.js';

/** Fields of an item a caller sets; `campaignId` (videos only) may be a full campaign id or its entry id. */
export type ItemFields = Omit<ItemChanges, 'campaignId'> & { campaignId?: string | null | undefined };

const WEB_ADDRESS = /^https?:\/\//i;

/**
 * The model's changes for `fields`: a campaign reference as the entry id it names, and a script
 * link that is either a web address or a live document of the item's own project (a name of
 * another project's document, or of none, is refused as a field error).
 */
export async function resolveFields(deps: OperationDeps, where: Where, fields: ItemFields): Promise<Outcome<ItemChanges>> {
  const changes: ItemChanges = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
  if (typeof fields.campaignId === 'string') {
    const campaignId = entryIdOf(fields.campaignId, where);
    if (campaignId === null) return fail('NOT_FOUND', 'No such campaign in this pipeline.', { entity: 'campaign', id: fields.campaignId });
    changes.campaignId = campaignId;
  }
  const script = fields.scriptDocument;
  if (typeof script === 'string' && !WEB_ADDRESS.test(script)) {
    const refused = fail('VALIDATION_FAILED', 'scriptDocument must be a web address or the name of a document of this project.', [
      { path: 'scriptDocument', message: 'must be an http(s) URL or the name (<kind>:<projectId>:<id>) of a live document of this project' },
    ]);
    const name = parseDocumentName(script);
    if (!name.ok || name.value.projectId !== where.projectId) return refused;
    const document = await getDocument(deps.db, where.projectId, name.value.id);
    if (!document || document.kind !== name.value.kind || document.archivedAt !== null) return refused;
  }
  return ok(changes);
}

/**
 * Changes an item's fields; only those that differ are written (a re-sent form does not beat a
 * concurrent edit). Answers the item with what its stage still needs.
 */
export async function updateItemFields<Item>(
  deps: OperationDeps,
  caller: Caller,
  id: string,
  type: ItemType,
  fields: ItemFields,
  ifMatch: string | undefined,
  present: (item: PipelineItem) => Item,
): Promise<Outcome<ItemDetail<Item>>> {
  const target = await itemTarget(deps, caller, id, type, 'write');
  if (!target.ok) return target;
  const changes = await resolveFields(deps, target.value, fields);
  if (!changes.ok) return changes;
  return editItem(
    deps,
    target.value,
    type,
    ifMatch,
    (doc, current) => {
      const changed = Object.fromEntries(Object.entries(changes.value).filter(([key, value]) => current.data[key] !== value));
      if (Object.keys(changed).length > 0) updateItem(doc, target.value.entryId, changed);
      return undefined;
    },
    (doc, entry) => ({ ...present(toItem(target.value, entry)), missing: missingNow(doc, entry) }),
  );
}
