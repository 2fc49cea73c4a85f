import * as Y from 'yjs';
import { entryMaps } from '../entries.js';
import { removeOrphans } from '../invariants.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { APPLY_REPAIRS, type RepairWrites } from '../repair-writes.js';
import { type PipelineView, initPipeline, readPipeline } from './pipeline.js';
import { ASSETS, FEEDBACK, ITEMS, PIPELINE_SCHEMA_VERSION } from './schema.js';

/** Assets and feedback belong to an item that exists; one whose item was removed goes with it. */
function dropOrphans(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites): string[] {
  const reasons: string[] = [];
  for (const collection of [ASSETS, FEEDBACK]) {
    const orphans = removeOrphans(doc, touched, { children: collection, parents: ITEMS, key: 'itemId' }, writes);
    if (orphans.length > 0) reasons.push(`removed ${orphans.length} ${collection.name} entr${orphans.length === 1 ? 'y' : 'ies'} whose item does not exist`);
  }
  return reasons;
}

/**
 * Only a video names a campaign, and that campaign exists. What can break it: a touched item's
 * own fields, or a touched item that others name being removed or retyped (its old type is gone
 * by now, so every item naming a touched id is checked: one field read per item).
 */
function unlinkCampaigns(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites): string[] {
  const touchedIds = touched.get(ITEMS.name);
  if (!touchedIds || touchedIds.size === 0) return [];
  const items = entryMaps(doc, ITEMS);
  const suspects = new Set([...touchedIds].filter((id) => items.has(id)));
  for (const [id, item] of items) {
    const campaignId = item instanceof Y.Map ? item.get('campaignId') : null;
    if (typeof campaignId === 'string' && touchedIds.has(campaignId)) suspects.add(id);
  }
  const notVideos: string[] = [];
  const danglingVideos: string[] = [];
  for (const id of [...suspects].sort()) {
    const item = items.get(id);
    const campaignId = item instanceof Y.Map ? item.get('campaignId') : null;
    if (!item || campaignId === null || campaignId === undefined) continue;
    if (item.get('type') !== 'video') notVideos.push(id);
    else if (typeof campaignId !== 'string' || items.get(campaignId)?.get('type') !== 'campaign') danglingVideos.push(id);
  }
  if (notVideos.length + danglingVideos.length > 0) writes.aboutToChange();
  for (const id of [...notVideos, ...danglingVideos]) items.get(id)!.set('campaignId', null);
  return [
    ...(danglingVideos.length > 0 ? [`unlinked ${danglingVideos.length} video(s) from a campaign that does not exist`] : []),
    ...(notVideos.length > 0 ? [`cleared the campaign of ${notVideos.length} item(s) that are not videos`] : []),
  ];
}

export const pipelineModel: DocumentModel<PipelineView> = {
  kind: 'pipeline',
  schemaVersion: PIPELINE_SCHEMA_VERSION,
  collections: [ITEMS, ASSETS, FEEDBACK],
  seed: initPipeline,
  read: (doc) => readPipeline(doc),
  repairInvariants: (doc, touched, writes = APPLY_REPAIRS) => [...dropOrphans(doc, touched, writes), ...unlinkCampaigns(doc, touched, writes)],
};
