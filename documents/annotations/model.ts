import * as Y from 'yjs';
import { entryMaps } from '../entries.js';
import { removeOrphans } from '../invariants.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { APPLY_REPAIRS, type RepairWrites } from '../repair-writes.js';
import { type AnnotationsView, initAnnotations, readAnnotations } from './annotations.js';
import { ANNOTATIONS_SCHEMA_VERSION, REPLIES, SOURCES, THREADS } from './schema.js';

/** Replies belong to a thread that exists; an anchor ends at or after its start. */
function repairThreads(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites = APPLY_REPAIRS): string[] {
  const threads = entryMaps(doc, THREADS);
  const reasons: string[] = [];
  const touchedThreads = [...(touched.get(THREADS.name) ?? [])];
  const orphans = removeOrphans(doc, touched, { children: REPLIES, parents: THREADS, key: 'threadId' }, writes);
  if (orphans.length > 0) reasons.push(`removed ${orphans.length} repl${orphans.length === 1 ? 'y' : 'ies'} whose thread does not exist`);
  for (const id of touchedThreads.sort()) {
    const thread = threads.get(id);
    const anchor = thread instanceof Y.Map ? (thread.get('anchor') as { start: number; end: number; quote: string } | undefined) : undefined;
    if (!anchor || anchor.end >= anchor.start) continue;
    writes.aboutToChange();
    thread!.set('anchor', { ...anchor, end: anchor.start });
    reasons.push(`threads/${id}: anchor ended before it started; collapsed to its start`);
  }
  return reasons;
}

export const annotationsModel: DocumentModel<AnnotationsView> = {
  kind: 'annotations',
  schemaVersion: ANNOTATIONS_SCHEMA_VERSION,
  collections: [SOURCES, THREADS, REPLIES],
  seed: initAnnotations,
  read: (doc) => readAnnotations(doc),
  repairInvariants: repairThreads,
};
