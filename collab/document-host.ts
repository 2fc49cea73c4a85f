import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentHost, LoadedDocument } from '../operations/admin/document-host.js';
import type { CollabContext } from './context.js';
import type { Persistence } from './extensions/persistence.js';

/** The instance admin's view of this process's Hocuspocus: what is loaded, a forced snapshot, an eviction. */
export class HocuspocusDocumentHost implements DocumentHost {
  constructor(
    private readonly hocuspocus: Hocuspocus<CollabContext>,
    private readonly persistence: Persistence,
  ) {}

  loaded(): LoadedDocument[] {
    return [...this.hocuspocus.documents.values()]
      .map((document) => ({ name: document.name, stateBytes: Y.encodeStateAsUpdate(document).byteLength, connections: document.getConnectionsCount() }))
      .sort((a, b) => b.stateBytes - a.stateBytes);
  }

  snapshot(name: string): Promise<boolean> {
    return this.persistence.compactNow(name);
  }

  async evict(name: string): Promise<boolean> {
    const document = this.hocuspocus.documents.get(name);
    if (!document) return false;
    // Hocuspocus's reset close: providers reconnect, and load the document afresh from storage.
    this.hocuspocus.closeConnections(name);
    await this.persistence.flush();
    if (this.hocuspocus.documents.get(name) === document) await this.hocuspocus.unloadDocument(document);
    return true;
  }
}
