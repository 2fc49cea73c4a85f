import { Hocuspocus } from '@hocuspocus/server';
import type { Logger } from '../server/logger.js';
import type { CollabContext } from './context.js';
import { Authentication } from './extensions/authentication.js';
import { DocumentNameGuard } from './extensions/document-name-guard.js';
import type { Database } from '../server/db/database.js';
import { Persistence } from './extensions/persistence.js';
import type { Verifier } from '../identity/verifier.js';

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /** Closes every connection and writes what is pending, for a graceful shutdown. */
  close(): Promise<void>;
}

/** Composes the Hocuspocus instance from one extension per concern. */
export function createCollabServer(deps: { logger: Logger; db: Database; verifier: Verifier }): CollabServer {
  const log = deps.logger.child({ role: 'collab' });
  const persistence = new Persistence(deps.db, log, { compactAfterUpdates: 200 });
  const hocuspocus = new Hocuspocus<CollabContext>({
    quiet: true,
    extensions: [new DocumentNameGuard(log), new Authentication(deps.verifier, deps.db, log), persistence],
  });
  return {
    hocuspocus,
    async close() {
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      await Promise.allSettled([...hocuspocus.unloadingDocuments.values()]);
      await persistence.flush();
    },
  };
}
