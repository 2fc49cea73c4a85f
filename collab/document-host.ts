import { setTimeout as sleep } from 'node:timers/promises';
import type { Hocuspocus, WebSocketLike } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentHost, LoadedDocument } from '../operations/admin/document-host.js';
import { type CloseReason, DOCUMENT_RESET, EVICTED } from './close-codes.js';
import type { ResetGate } from './extensions/reset-gate.js';
import type { CollabContext } from './context.js';
import type { Persistence } from './extensions/persistence.js';

/** How long an eviction waits for its clients' sockets to close before unloading anyway (or not, if one lingers). */
const CLOSE_WAIT_MS = 5_000;
/** How long a reset tries to have the document unloaded before it gives up (and is retried). */
const RESET_UNLOAD_MS = 15_000;

/** The instance admin's view of this process's Hocuspocus: what is loaded, a forced snapshot, an eviction. */
export class HocuspocusDocumentHost implements DocumentHost {
  constructor(
    private readonly hocuspocus: Hocuspocus<CollabContext>,
    private readonly persistence: Persistence,
    private readonly gate: ResetGate,
  ) {}

  loaded(): LoadedDocument[] {
    return [...this.hocuspocus.documents.values()]
      .map((document) => ({ name: document.name, stateBytes: Y.encodeStateAsUpdate(document).byteLength, connections: document.getConnectionsCount() }))
      .sort((a, b) => b.stateBytes - a.stateBytes);
  }

  snapshot(name: string): Promise<boolean> {
    return this.persistence.compactNow(name);
  }

  evict(name: string): Promise<boolean> {
    return this.unload(name, EVICTED, true);
  }

  /**
   * Closes a document's sockets as a reset does and unloads it: its history was rewritten on
   * another instance. Loads wait meanwhile (they read the new state afterwards), and a client that
   * reconnected to the old copy before it was gone is closed again, as a reset here does.
   */
  resetElsewhere(name: string): Promise<boolean> {
    return this.gate.hold(name, async () => {
      let unloaded = false;
      for (const deadline = Date.now() + RESET_UNLOAD_MS; ; await sleep(50)) {
        unloaded = (await this.unload(name, DOCUMENT_RESET, false)) || unloaded;
        if (!this.hocuspocus.documents.has(name)) return unloaded;
        if (Date.now() > deadline) throw new Error(`${name} stayed loaded after a reset elsewhere; tried again at the next check`);
      }
    });
  }

  /**
   * Rewrites a document's stored state with `work` while nobody holds it: its sockets are closed
   * with `document-reset` (clients drop their copy and reconnect), it is unloaded once what it had
   * is stored, and loads wait until `work` is done, then read the new state.
   */
  reset<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.gate.hold(name, async () => {
      await this.unload(name, DOCUMENT_RESET, this.gate.loadPassed(name));
      // Never rewrite under a loaded document: it would go on serving (and storing) the old state.
      // A server-side edit that joined meanwhile keeps it loaded a moment; past the deadline the
      // reset fails, and the erasure's job is retried.
      for (const deadline = Date.now() + RESET_UNLOAD_MS; this.hocuspocus.documents.has(name); ) {
        if (Date.now() > deadline) throw new Error(`${name} stayed loaded; its reset is retried later`);
        await sleep(50);
        await this.unload(name, DOCUMENT_RESET, false);
      }
      return work();
    });
  }

  /** `awaitLoad`: a load under way finishes first, so it is unloaded too (never one held by a reset, which waits for us). */
  private async unload(name: string, reason: CloseReason, awaitLoad: boolean): Promise<boolean> {
    // Bounded: a load that failed leaves no trace to wait for, and nothing may wait forever here.
    const loading = awaitLoad ? this.hocuspocus.loadingDocuments.get(name) : undefined;
    if (loading) await Promise.race([loading.catch(() => undefined), sleep(CLOSE_WAIT_MS)]);
    await this.hocuspocus.unloadingDocuments.get(name);
    const document = this.hocuspocus.documents.get(name);
    if (!document) return false;
    // The sockets, not the document connections: a provider whose document alone is closed stays
    // detached, while a closed socket reconnects by itself (and then loads the document afresh).
    const sockets = new Set<WebSocketLike>();
    document.connections.forEach((_clients, connection) => sockets.add(connection.webSocket));
    for (const socket of sockets) socket.close(reason.code, reason.reason);
    for (const deadline = Date.now() + CLOSE_WAIT_MS; document.getConnectionsCount() > 0 && Date.now() < deadline; ) await sleep(20);
    await this.persistence.flush();
    // Hocuspocus keeps a document whose store is debounced (a change in the last seconds): store now.
    const store = `onStoreDocument-${name}`;
    if (this.hocuspocus.debouncer.isDebounced(store)) await this.hocuspocus.debouncer.executeNow(store);
    if (this.hocuspocus.documents.get(name) === document) await this.hocuspocus.unloadDocument(document);
    return true;
  }
}
