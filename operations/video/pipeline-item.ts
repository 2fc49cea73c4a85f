import type * as Y from 'yjs';
import { DocumentError } from '../../documents/document-error.js';
import { formatDocumentName } from '../../documents/document-name.js';
import { entryMaps } from '../../documents/entries.js';
import { type Missing, missingRequirements } from '../../documents/pipeline/pipeline.js';
import { ITEMS, type ItemEntry } from '../../documents/pipeline/schema.js';
import { entryEtag, projectEntry } from '../../documents/projection.js';
import { AppError } from '../../platform/app-error.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { type Versioned, editOutcome } from '../entry-edit.js';
import { formatItemId, parseItemId } from '../item-id.js';
import type { Editor } from '../live-documents.js';
import { type Outcome, attempt, fail, ok } from '../outcome.js';

/** The two kinds of item a pipeline holds; each has its own REST area, and neither answers for the other. */
export type ItemType = ItemEntry['type'];

/** A pipeline item as the REST API shows it: its own id is enough to address it later. */
export type PipelineItem = Omit<ItemEntry, 'id'> & {
  /** `<projectId>.<pipelineId>.<itemId>` */
  id: string;
  projectId: string;
  pipelineId: string;
  /** The entry's id in the pipeline document (what `campaignId` and assets' `itemId` hold). */
  itemId: string;
  etag: string;
};

/** An item with what its current stage needs and it lacks (empty when it meets the stage table). */
export type ItemDetail<Item> = Item & { missing: Missing };

export interface Where {
  projectId: string;
  pipelineId: string;
}

export function pipelineName(projectId: string, pipelineId: string): string {
  return formatDocumentName({ kind: 'pipeline', projectId, id: pipelineId });
}

export function toItem(where: Where, entry: Versioned): PipelineItem {
  const { id: itemId, ...item } = entry.data as ItemEntry;
  return { ...item, id: formatItemId({ projectId: where.projectId, documentId: where.pipelineId, entryId: itemId }), projectId: where.projectId, pipelineId: where.pipelineId, itemId, etag: entry.etag };
}

export interface ItemTarget extends Where {
  entryId: string;
  name: string;
  editor: Editor;
}

/** The pipeline and entry an item id names, if the caller may `need` it; anything else is not found. */
export async function itemTarget(deps: OperationDeps, caller: Caller, id: string, type: ItemType, need: 'read' | 'write'): Promise<Outcome<ItemTarget>> {
  const address = parseItemId(id);
  if (!address) return fail('NOT_FOUND', `No such ${type}.`);
  const access = await documentFor(deps, caller, { projectId: address.projectId, documentId: address.documentId, kind: 'pipeline' }, need);
  if (!access.ok) return access;
  const where = { projectId: address.projectId, pipelineId: address.documentId };
  return ok({ ...where, entryId: address.entryId, name: pipelineName(where.projectId, where.pipelineId), editor: access.value.editor });
}

/** The readers' view of an item of `type` and its version; an item of the other type is not found, like a missing one. */
export function currentItem(doc: Y.Doc, type: ItemType, entryId: string): Versioned {
  const data = projectEntry(ITEMS, entryMaps(doc, ITEMS).get(entryId));
  if (!data || data.type !== type) throw new DocumentError('NOT_FOUND', `no ${type} ${entryId}`, { entity: type === 'campaign' ? 'campaign' : 'item', id: entryId });
  return { data, etag: entryEtag(data) };
}

/** What the item's current stage needs and it lacks. */
export function missingNow(doc: Y.Doc, entry: Versioned): Missing {
  const item = entry.data as ItemEntry;
  return missingRequirements(doc, item.id, item.stage);
}

/**
 * An item reference from a request, as the entry id it names: a full item id of the same
 * pipeline, or a bare entry id. A full id of another pipeline names nothing here.
 */
export function entryIdOf(reference: string, where: Where): string | null {
  const address = parseItemId(reference);
  if (!address) return reference;
  return address.projectId === where.projectId && address.documentId === where.pipelineId ? address.entryId : null;
}

/** Reads one item of the live (or stored) pipeline and presents it. */
export async function readItem<Presented>(deps: OperationDeps, target: ItemTarget, type: ItemType, present: (doc: Y.Doc, entry: Versioned) => Presented): Promise<Outcome<Presented>> {
  return deps.live.read(target.name, (doc) => attempt(() => present(doc, currentItem(doc, type, target.entryId))));
}

/**
 * Changes one item of the live pipeline. The If-Match check, `write` and the presentation run in
 * one Yjs transaction, so nothing changes the item between them. `write` checks before it writes:
 * it answers an error to refuse (nothing written), or throws a model refusal. A stale `ifMatch`
 * answers 412 with the item as it is now.
 */
export async function editItem<Presented>(
  deps: OperationDeps,
  target: ItemTarget,
  type: ItemType,
  ifMatch: string | undefined,
  write: (doc: Y.Doc, current: Versioned) => AppError | undefined,
  present: (doc: Y.Doc, entry: Versioned) => Presented,
): Promise<Outcome<Presented>> {
  const result = await deps.live.edit(target.name, target.editor, (doc) => {
    const current = currentItem(doc, type, target.entryId);
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== current.etag) return { kind: 'stale' as const, etag: current.etag, shown: present(doc, current) };
    const refused = write(doc, current);
    if (refused) return { kind: 'refused' as const, error: refused };
    return { kind: 'written' as const, shown: present(doc, currentItem(doc, type, target.entryId)) };
  });
  const outcome = editOutcome(result);
  if (!outcome.ok) return outcome;
  const value = outcome.value;
  switch (value.kind) {
    case 'stale':
      return { ok: false, error: new AppError('PRECONDITION_FAILED', `This ${type} changed since you read it (If-Match ${ifMatch}); nothing was changed.`, { etag: value.etag }, value.shown) };
    case 'refused':
      return { ok: false, error: value.error };
    case 'written':
      return ok(value.shown);
  }
}
