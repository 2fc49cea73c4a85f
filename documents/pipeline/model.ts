import * as Y from 'yjs';
import { entryMaps } from '../entries.js';
import { removeOrphans } from '../invariants.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { type PipelineView, initPipeline, readPipeline } from './pipeline.js';
import { ASSETS, FEEDBACK, ITEMS, PIPELINE_SCHEMA_VERSION } from './schema.js';

/**
 * Cross-entry rules: assets and feedback belong to an item that exists; only a video names a
 * campaign, and that campaign exists. Deterministic, so every server repairs the same way.
 */
function repairReferences(doc: Y.Doc, touched: TouchedEntries): string[] {
  const items = entryMaps(doc, ITEMS);
  const touchedItems = [...(touched.get(ITEMS.name) ?? [])];
  const reasons: string[] = [];
  for (const collection of [ASSETS, FEEDBACK]) {
    const orphans = removeOrphans(doc, touched, { children: collection, parents: ITEMS, key: 'itemId' });
    if (orphans.length > 0) reasons.push(`removed ${orphans.length} ${collection.name} entr${orphans.length === 1 ? 'y' : 'ies'} whose item does not exist`);
  }
  // A touched video is checked alone; a touched or vanished campaign may affect every video.
  const campaignTouched = touchedItems.some((id) => items.get(id)?.get('type') !== 'video');
  const suspects = campaignTouched ? [...items.keys()] : touchedItems;
  let unlinked = 0;
  for (const id of suspects.sort()) {
    const item = items.get(id);
    const campaignId = item?.get('campaignId');
    if (!(item instanceof Y.Map) || campaignId === null || campaignId === undefined) continue;
    const campaign = typeof campaignId === 'string' ? items.get(campaignId) : undefined;
    if (item.get('type') === 'video' && campaign instanceof Y.Map && campaign.get('type') === 'campaign') continue;
    item.set('campaignId', null);
    unlinked++;
  }
  if (unlinked > 0) reasons.push(`unlinked ${unlinked} item(s) from a campaign that does not exist (or that is not a campaign)`);
  return reasons;
}

export const pipelineModel: DocumentModel<PipelineView> = {
  kind: 'pipeline',
  schemaVersion: PIPELINE_SCHEMA_VERSION,
  collections: [ITEMS, ASSETS, FEEDBACK],
  seed: initPipeline,
  read: (doc) => readPipeline(doc),
  repairInvariants: repairReferences,
};
