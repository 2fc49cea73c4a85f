import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { DocumentError } from '../documents/document-error.js';
import { parseDocumentName } from '../documents/document-name.js';
import { AppError } from '../platform/app-error.js';
import type { Database } from '../platform/db/database.js';
import type { Editor, EditResult, LiveDocuments } from '../operations/live-documents.js';
import { loadDocument } from '../storage/document-log.js';
import type { CollabContext } from './context.js';
import type { Persistence } from './extensions/persistence.js';
import type { DocumentSizes } from './limits.js';

/**
 * Server-side edits through Hocuspocus's direct connections: the document is loaded like any
 * other (or the loaded one is used), the edit runs in one transaction whose origin names the
 * editor (so schema enforcement and ownership rules judge it as they judge a socket's), and the
 * call resolves only once the server's clocks it moved are committed. The connection is let go
 * without unloading, so a burst of edits reuses the warm document and it unloads when idle, like
 * one a browser closed. Edits to one document never interleave: each runs synchronously.
 */
export class HocuspocusLiveDocuments implements LiveDocuments {
  constructor(
    private readonly hocuspocus: Hocuspocus<CollabContext>,
    private readonly persistence: Persistence,
    private readonly sizes: DocumentSizes,
    private readonly db: Database,
    private readonly maxDocumentBytes: number,
  ) {}

  async edit<T>(name: string, editor: Editor, fn: (doc: Y.Doc) => T): Promise<EditResult<T>> {
    const parsed = parseDocumentName(name);
    if (!parsed.ok) throw new Error(`not a document name: ${name}`);
    const context: CollabContext = { document: parsed.value, principal: editor.principal, role: editor.role, checkedAt: Date.now(), ...(editor.restoring ? { restoring: true } : {}) };
    const connection = await this.hocuspocus.openDirectConnection(name, context);
    try {
      if (this.sizes.get(name) >= this.maxDocumentBytes) return { ok: false, error: 'document-too-large' };
      let outcome: EditResult<T> | undefined;
      await connection.transact((doc) => {
        try {
          outcome = { ok: true, value: fn(doc) };
        } catch (error) {
          if (!(error instanceof DocumentError)) throw error;
          outcome = { ok: false, error };
        }
      });
      const document = connection.document!;
      // Hocuspocus batches broadcasts to the next turn of the event loop; send now, so browsers have
      // the change before the caller has its answer (an in-process commit can beat that turn).
      document.flush();
      // The edit and any repair of it are written with the server's client id: wait for those clocks.
      const durable = await this.persistence.whenDurable(name, new Map([[document.clientID, Y.getState(document.store, document.clientID)]]));
      if (!durable) throw new AppError('DOCUMENT_RESET', 'The document was reset (an account erasure) while this change was made; nothing was saved. Try again.');
      return outcome!;
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
  }

  async read<T>(name: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const loaded = this.hocuspocus.documents.get(name);
    if (loaded) return fn(loaded);
    const doc = new Y.Doc();
    try {
      const stored = await loadDocument(this.db, name);
      doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(doc, update);
      });
      return fn(doc);
    } finally {
      doc.destroy();
    }
  }

  settle(): Promise<void> {
    return this.persistence.settle();
  }
}
