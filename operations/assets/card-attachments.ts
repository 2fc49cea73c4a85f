import { updateCard } from '../../documents/kanban/board.js';
import { CARDS, type CardEntry } from '../../documents/kanban/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { editEntry } from '../entry-edit.js';
import { type Outcome, fail } from '../outcome.js';
import { type Task, toTask } from '../tasks/task.js';
import { taskTarget } from '../tasks/task-target.js';
import { auditAsset } from './asset-audit.js';
import { attachableAsset } from './attachable-asset.js';
import { uploadedAssetUrl } from './uploaded-asset-url.js';

/** The card schema's bound on `links`. */
const MAX_CARD_LINKS = 100;

type Link = CardEntry['links'][number];

export const assetLinkOf = (assetId: string): Link => ({ kind: 'asset', target: uploadedAssetUrl(assetId) });
const isLinkTo = (assetId: string) => (link: Link) => link.kind === 'asset' && link.target === uploadedAssetUrl(assetId);

/**
 * Attaches an uploaded file to a Kanban card: its `links` gain `{ kind: 'asset', target: 'asset:<id>' }`
 * through the live document (connected boards see it at once). Editors of the board only; the
 * file must be a verified one of the board's project. Attaching it again changes nothing.
 */
export async function attachToTask(deps: OperationDeps, caller: Caller, taskId: string, input: { uploadedAssetId: string }): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  const asset = await attachableAsset(deps, caller, projectId, input.uploadedAssetId);
  if (!asset.ok) return asset;
  let full = false;
  let added = false;
  const written = await editEntry(
    deps,
    editor,
    { name, collection: CARDS, entity: 'card', id: cardId },
    (doc, current) => {
      const links = (current.data.links ?? []) as Link[];
      if (links.some(isLinkTo(asset.value.id))) return;
      if (links.length >= MAX_CARD_LINKS) {
        full = true;
        return;
      }
      updateCard(doc, cardId, { links: [...links, assetLinkOf(asset.value.id)] });
      added = true;
    },
    (entry) => toTask({ projectId, boardId }, entry),
  );
  if (full) return fail('VALIDATION_FAILED', `A card has at most ${MAX_CARD_LINKS} links.`, [{ path: 'links', message: `must have at most ${MAX_CARD_LINKS} links` }]);
  if (written.ok && added) await auditAsset(deps.db, caller, { action: 'asset.attached', projectId, assetId: asset.value.id, details: { taskId } });
  return written;
}

/** Takes a file off a card (nothing to take off is no error: the card is answered as it is). */
export async function detachFromTask(deps: OperationDeps, caller: Caller, taskId: string, assetId: string): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  const id = assetId.toLowerCase();
  let removed = false;
  const written = await editEntry(
    deps,
    editor,
    { name, collection: CARDS, entity: 'card', id: cardId },
    (doc, current) => {
      const links = (current.data.links ?? []) as Link[];
      const kept = links.filter((link) => !isLinkTo(id)(link));
      if (kept.length === links.length) return;
      updateCard(doc, cardId, { links: kept });
      removed = true;
    },
    (entry) => toTask({ projectId, boardId }, entry),
  );
  if (written.ok && removed) await auditAsset(deps.db, caller, { action: 'asset.detached', projectId, assetId: id, details: { taskId } });
  return written;
}
