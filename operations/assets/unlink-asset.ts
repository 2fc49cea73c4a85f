import type * as Y from 'yjs';
import { entryMaps } from '../../documents/entries.js';
import { updateCard } from '../../documents/kanban/board.js';
import { CARDS, type CardEntry } from '../../documents/kanban/schema.js';
import { removeAsset } from '../../documents/pipeline/pipeline.js';
import { ASSETS } from '../../documents/pipeline/schema.js';
import { type CardAssetLink, type PipelineAssetLink, type RequestAssetLink, deleteRequestAttachmentsOf } from '../../storage/asset-links.js';
import type { StoredAsset } from '../../storage/assets.js';
import type { OperationDeps } from '../dependencies.js';
import type { Editor } from '../live-documents.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { uploadedAssetUrl } from './uploaded-asset-url.js';

/** Everywhere a file is attached, as found before a delete. */
export interface AssetPlaces {
  pipelines: PipelineAssetLink[];
  cards: CardAssetLink[];
  requests: RequestAssetLink[];
}

/**
 * Takes a file off every card and pipeline item (one live edit per document, in the deleter's
 * name, so connected browsers see it go) and off every request. Entries or links removed meanwhile
 * by someone else are not an error: the file is unlinked either way. Answers how many links went.
 */
export async function unlinkEverywhere(deps: OperationDeps, editor: Editor, asset: StoredAsset, places: AssetPlaces): Promise<Outcome<number>> {
  const url = uploadedAssetUrl(asset.id);
  let removed = 0;
  const edit = async (name: string, fn: (doc: Y.Doc) => number): Promise<Outcome<number>> => {
    const result = await deps.live.edit(name, editor, fn);
    if (!result.ok) return result.error === 'document-too-large' ? fail('DOCUMENT_TOO_LARGE', 'A document that links this file is at its size limit; nothing was deleted.') : fail('CONFLICT', `Could not unlink the file: ${result.error.message}`);
    return ok(result.value);
  };

  for (const [name, entryIds] of group(places.pipelines, (link) => link.entryId)) {
    const done = await edit(name, (doc) => {
      const present = entryMaps(doc, ASSETS);
      const ids = entryIds.filter((id) => present.has(id));
      for (const id of ids) removeAsset(doc, id);
      return ids.length;
    });
    if (!done.ok) return done;
    removed += done.value;
  }
  for (const [name, cardIds] of group(places.cards, (link) => link.cardId)) {
    const done = await edit(name, (doc) => {
      const cards = entryMaps(doc, CARDS);
      let count = 0;
      for (const cardId of cardIds) {
        const links = cards.get(cardId)?.get('links') as CardEntry['links'] | undefined;
        if (!Array.isArray(links)) continue;
        const kept = links.filter((link) => !(link.kind === 'asset' && link.target === url));
        if (kept.length === links.length) continue;
        updateCard(doc, cardId, { links: kept });
        count += 1;
      }
      return count;
    });
    if (!done.ok) return done;
    removed += done.value;
  }
  if (places.requests.length > 0) removed += await deleteRequestAttachmentsOf(deps.db, asset.projectId, asset.id);
  return ok(removed);
}

function group<T extends { documentName: string }>(links: T[], idOf: (link: T) => string): Map<string, string[]> {
  const byDocument = new Map<string, string[]>();
  for (const link of links) byDocument.set(link.documentName, [...(byDocument.get(link.documentName) ?? []), idOf(link)]);
  return byDocument;
}
