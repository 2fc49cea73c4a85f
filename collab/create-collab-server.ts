import { Hocuspocus } from '@hocuspocus/server';
import type { Logger } from '../server/logger.js';
import type { CollabContext } from './context.js';
import { DocumentNameGuard } from './extensions/document-name-guard.js';

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /** Closes every connection and writes what is pending, for a graceful shutdown. */
  close(): Promise<void>;
}

/** Composes the Hocuspocus instance from one extension per concern. */
export function createCollabServer(logger: Logger): CollabServer {
  const log = logger.child({ role: 'collab' });
  const hocuspocus = new Hocuspocus<CollabContext>({
    quiet: true,
    extensions: [new DocumentNameGuard(log)],
  });
  return {
    hocuspocus,
    async close() {
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      await Promise.allSettled([...hocuspocus.unloadingDocuments.values()]);
    },
  };
}
