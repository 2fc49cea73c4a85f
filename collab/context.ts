import type { DocumentName } from '../documents/document-name.js';
import type { ProjectRole } from '../identity/roles.js';
import type { Principal } from '../identity/verifier.js';

/** What the extensions learn about a connection, passed to later hooks as Hocuspocus's `context`. */
export interface CollabContext {
  document: DocumentName;
  principal: Principal;
  role: ProjectRole;
  /** When the access token this connection presented expires (ms since the epoch); absent for API keys. */
  expiresAt?: number;
  /** When authentication began reading access (ms since the epoch): changes after it may not have been seen. */
  checkedAt: number;
}
