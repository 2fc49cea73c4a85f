import * as Y from 'yjs';
import { parseDocumentName } from '../documents/document-name.js';
import { modelFor } from '../documents/models.js';
import { PROJECTION_VERSION, allEntries } from '../documents/projection.js';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { loadDocument } from './document-log.js';
import { documentsBehind, replaceProjection } from './entry-projection.js';

const BATCH = 20;

/**
 * Rebuilds one document's projection from its stored Yjs state. Its registry row is locked
 * first: the log's writer updates that row with every batch, so an update committing meanwhile
 * waits and lands after the rebuild (never under it), and one committed before is in what we read.
 */
export async function rebuildProjection(db: Database, name: string): Promise<boolean> {
  const parsed = parseDocumentName(name);
  if (!parsed.ok) return false;
  const model = modelFor(parsed.value.kind);
  return db.transaction(async (tx) => {
    const locked = await tx.query<{ projection_version: number }>('SELECT projection_version FROM documents WHERE name = $1 FOR UPDATE', [name]);
    if (!locked.rows[0] || locked.rows[0].projection_version >= PROJECTION_VERSION) return false;
    const doc = new Y.Doc();
    try {
      const stored = await loadDocument(tx, name);
      doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(doc, update);
      });
      await replaceProjection(tx, name, allEntries(doc, model), PROJECTION_VERSION);
      return true;
    } finally {
      doc.destroy();
    }
  });
}

/**
 * Brings every document written before the current projection version up to date, a few at a
 * time, in the background after start. A document loaded meanwhile is rebuilt by its load.
 */
export async function rebuildStaleProjections(db: Database, logger: Logger, signal: AbortSignal): Promise<number> {
  let rebuilt = 0;
  const skipped = new Set<string>();
  while (!signal.aborted) {
    const names = (await documentsBehind(db, PROJECTION_VERSION, BATCH + skipped.size)).filter((name) => !skipped.has(name));
    if (names.length === 0) break;
    for (const name of names) {
      if (signal.aborted) break;
      try {
        if (await rebuildProjection(db, name)) rebuilt++;
      } catch (error) {
        // One unreadable document must not stop the others; it is retried at the next start.
        skipped.add(name);
        logger.error({ err: error, documentName: name }, 'could not rebuild a document projection');
      }
    }
  }
  if (rebuilt > 0) logger.info({ rebuilt, version: PROJECTION_VERSION }, 'rebuilt document projections');
  return rebuilt;
}
