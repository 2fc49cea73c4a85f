import * as Y from 'yjs';
import { DocumentError, alreadyExists, notFound, valid } from '../document-error.js';
import { byOrderThenId, entryMaps, keyAfterSiblings, keyAt, markSchemaVersion, readCollection, siblingOrder, storedSchemaVersion, toYMap } from '../entries.js';
import {
  ASSETS,
  type AssetEntry,
  FEEDBACK,
  type FeedbackEntry,
  ITEMS,
  type ItemChanges,
  type ItemEntry,
  PIPELINE_SCHEMA_VERSION,
  STAGES,
  type Stage,
  assetEntry,
  feedbackEntry,
  itemChanges,
  itemEntry,
} from './schema.js';
import { unmetRequirements } from './stages.js';

export type Missing = { id: string; description: string }[];
export type ItemView = ItemEntry & { assets: AssetEntry[]; feedback: FeedbackEntry[]; missing: Missing };

export interface PipelineView {
  schemaVersion: number;
  stages: { stage: Stage; items: ItemView[] }[];
}

const byTime = <T extends { id: string }>(time: (entry: T) => string) => (a: T, b: T) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function grouped<T extends { itemId: string }>(entries: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const group = groups.get(entry.itemId);
    if (group) group.push(entry);
    else groups.set(entry.itemId, [entry]);
  }
  return groups;
}

export function readPipeline(doc: Y.Doc, options: { includeArchived?: boolean } = {}): PipelineView {
  const assets = grouped(readCollection(doc, ASSETS).sort(byTime((a) => a.addedAt)));
  const feedback = grouped(readCollection(doc, FEEDBACK).sort(byTime((f) => f.createdAt)));
  const items = readCollection(doc, ITEMS)
    .filter((item) => options.includeArchived || !item.archived)
    .sort(byOrderThenId)
    .map((item): ItemView => {
      const related = { assets: assets.get(item.id) ?? [], feedback: feedback.get(item.id) ?? [] };
      return { ...item, ...related, missing: unmetRequirements(item.stage, item, related) };
    });
  return {
    schemaVersion: storedSchemaVersion(doc, PIPELINE_SCHEMA_VERSION),
    stages: STAGES.map((stage) => ({ stage, items: items.filter((item) => item.stage === stage) })),
  };
}

export function initPipeline(doc: Y.Doc): void {
  doc.transact(() => markSchemaVersion(doc, PIPELINE_SCHEMA_VERSION));
}

function itemMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = entryMaps(doc, ITEMS).get(id);
  if (!(map instanceof Y.Map)) throw notFound('item', id);
  return map;
}

function checkCampaign(doc: Y.Doc, type: ItemEntry['type'] | undefined, campaignId: string | null | undefined): void {
  if (campaignId === null || campaignId === undefined) return;
  const campaign = entryMaps(doc, ITEMS).get(campaignId);
  if (type !== 'video' || !(campaign instanceof Y.Map) || campaign.get('type') !== 'campaign') {
    throw type === 'video' ? notFound('campaign', campaignId) : new DocumentError('INVALID_INPUT', 'only videos belong to a campaign', { issues: [{ path: 'campaignId', message: 'only videos belong to a campaign' }] });
  }
}

export function addItem(doc: Y.Doc, item: { id: string; type: ItemEntry['type']; title: string; stage?: Stage; index?: number } & ItemChanges): void {
  const { index, ...fields } = item;
  doc.transact(() => {
    const items = entryMaps(doc, ITEMS);
    if (items.has(item.id)) throw alreadyExists('item', item.id);
    const stage = fields.stage ?? 'idea';
    const entry = valid(itemEntry, {
      assigneeId: null,
      dueDate: null,
      campaignId: null,
      brief: '',
      scriptDocument: null,
      ...fields,
      stage,
      order: index === undefined ? keyAfterSiblings(doc, ITEMS, 'stage', stage) : keyAt(siblingOrder(doc, ITEMS, 'stage', stage), index),
      archived: false,
    });
    checkCampaign(doc, entry.type, entry.campaignId);
    items.set(entry.id, toYMap(entry));
  });
}

/**
 * Writes only the fields that differ: re-writing an unchanged value (a form sending every
 * field) is a fresh write that can win last-writer-wins over someone's concurrent edit.
 */
export function updateItem(doc: Y.Doc, id: string, changes: ItemChanges): void {
  const checked = valid(itemChanges, changes);
  doc.transact(() => {
    const item = itemMap(doc, id);
    if (checked.campaignId !== undefined) checkCampaign(doc, itemEntry.shape.type.safeParse(item.get('type')).data, checked.campaignId);
    for (const [key, value] of Object.entries(checked)) if (value !== undefined && item.get(key) !== value) item.set(key, value);
  });
}

/**
 * Moves an item to `stage` (at `index`, the end by default) and reports what that stage needs
 * and the item lacks. It moves anyway: the board shows the gaps; a stricter caller (a REST
 * endpoint) can refuse based on `missingRequirements` before moving. Everything that can throw
 * (an entry readers do not show, a neighbour's malformed key) runs before the first write, as
 * Yjs has no rollback.
 */
export function moveItem(doc: Y.Doc, id: string, stage: Stage, index = Number.MAX_SAFE_INTEGER): { missing: Missing } {
  const target = valid(itemEntry.shape.stage, stage, 'stage');
  let missing: Missing = [];
  doc.transact(() => {
    const item = itemMap(doc, id);
    // Requirements read the item's fields and related entries, never its stage or order.
    missing = missingRequirements(doc, id, target);
    const order = keyAt(siblingOrder(doc, ITEMS, 'stage', target, id), index);
    item.set('stage', target);
    item.set('order', order);
  });
  return { missing };
}

/** One item as readers see it (defaults for in-flight fields), or undefined when they would leave it out. */
function readItem(doc: Y.Doc, id: string): ItemEntry | undefined {
  const map = entryMaps(doc, ITEMS).get(id);
  if (!(map instanceof Y.Map)) return undefined;
  return itemEntry.safeParse({ ...ITEMS.defaults, ...(map.toJSON() as Record<string, unknown>) }).data;
}

/** The entries of `collection` that belong to `itemId`: one field read per entry, only matches parsed. */
function relatedTo<Entry>(doc: Y.Doc, collection: typeof ASSETS | typeof FEEDBACK, itemId: string, schema: { safeParse(value: unknown): { data?: Entry } }): Entry[] {
  const entries: Entry[] = [];
  for (const map of entryMaps(doc, collection).values()) {
    if (!(map instanceof Y.Map) || map.get('itemId') !== itemId) continue;
    const entry = schema.safeParse({ ...collection.defaults, ...(map.toJSON() as Record<string, unknown>) }).data;
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/** The requirements of `stage` the item does not meet (empty when it may enter it cleanly). */
export function missingRequirements(doc: Y.Doc, itemId: string, stage: Stage): Missing {
  const item = readItem(doc, itemId);
  if (!item) throw notFound('item', itemId);
  const related = { assets: relatedTo(doc, ASSETS, itemId, assetEntry), feedback: relatedTo(doc, FEEDBACK, itemId, feedbackEntry) };
  return unmetRequirements(valid(itemEntry.shape.stage, stage, 'stage'), item, related);
}

export function archiveItem(doc: Y.Doc, id: string, archived = true): void {
  doc.transact(() => itemMap(doc, id).set('archived', archived));
}

export function addAsset(doc: Y.Doc, asset: AssetEntry): void {
  const entry = valid(assetEntry, asset);
  doc.transact(() => {
    itemMap(doc, entry.itemId);
    const assets = entryMaps(doc, ASSETS);
    if (assets.has(entry.id)) throw alreadyExists('asset', entry.id);
    assets.set(entry.id, toYMap(entry));
  });
}

export function removeAsset(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const assets = entryMaps(doc, ASSETS);
    if (!assets.has(id)) throw notFound('asset', id);
    assets.delete(id);
  });
}

/** Feedback is recorded against the stage the item is in now. */
export function addFeedback(doc: Y.Doc, feedback: { id: string; itemId: string; authorId: string; body: string; createdAt: string }): void {
  doc.transact(() => {
    const item = itemMap(doc, feedback.itemId);
    const entries = entryMaps(doc, FEEDBACK);
    if (entries.has(feedback.id)) throw alreadyExists('feedback', feedback.id);
    // A replica can briefly hold an item whose overwritten stage is still in flight: read it as the default, like readers do.
    const stage = itemEntry.shape.stage.safeParse(item.get('stage'));
    entries.set(feedback.id, toYMap(valid(feedbackEntry, { ...feedback, stage: stage.success ? stage.data : ITEMS.defaults.stage, resolved: false })));
  });
}

export function resolveFeedback(doc: Y.Doc, id: string, resolved = true): void {
  doc.transact(() => {
    const entry = entryMaps(doc, FEEDBACK).get(id);
    if (!(entry instanceof Y.Map)) throw notFound('feedback', id);
    entry.set('resolved', resolved);
  });
}
