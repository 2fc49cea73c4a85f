import type * as Y from 'yjs';
import { updateCard } from '../../../documents/kanban/board.js';
import type { CardEntry } from '../../../documents/kanban/schema.js';
import { uploadedAssetIdOf } from '../assets/attach-to-item.js';

type Link = CardEntry['links'][number];

/** The uploaded files a card's links point to (`{ kind: 'asset', target: 'asset:<id>' }`), in order, once each. */
export function cardFileIds(links: readonly Link[]): string[] {
  const ids = links.flatMap((link) => (link.kind === 'asset' ? [uploadedAssetIdOf(link.target)] : [])).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/** The card's links as the document has them now (not as the last render saw them: an upload ends later). */
function currentLinks(doc: Y.Doc, cardId: string): Link[] {
  const card = doc.getMap<Y.Map<unknown>>('cards').get(cardId);
  const links = card?.get('links');
  return Array.isArray(links) ? (links as Link[]) : [];
}

/**
 * Adds a verified file to a card's links in the shared document (everyone on the board sees it);
 * a file already there is not added twice. The board model refuses more than its limit of links.
 */
export function attachFileToCard(doc: Y.Doc, cardId: string, assetId: string): void {
  const links = currentLinks(doc, cardId);
  const target = `asset:${assetId}`;
  if (links.some((link) => link.kind === 'asset' && link.target === target)) return;
  updateCard(doc, cardId, { links: [...links, { kind: 'asset', target }] });
}

export function detachFileFromCard(doc: Y.Doc, cardId: string, assetId: string): void {
  const links = currentLinks(doc, cardId);
  const target = `asset:${assetId}`;
  updateCard(doc, cardId, { links: links.filter((link) => !(link.kind === 'asset' && link.target === target)) });
}
