import type * as Y from 'yjs';
import type { DocumentError } from '../documents/document-error.js';
import type { ProjectRole } from '../identity/roles.js';
import type { Principal } from '../identity/verifier.js';

/** Who edits a live document from the server: the REST caller (a person or an API key) with their role. */
export interface Editor {
  principal: Principal;
  role: ProjectRole;
  /** Restoring a past version: entries keep the authors they had then (moderators only; see documents/authorship.ts). */
  restoring?: boolean;
}

export type EditResult<T> =
  | { ok: true; value: T }
  /** A model operation refused (nothing was written). */
  | { ok: false; error: DocumentError }
  /** The document is at its stored-size limit. */
  | { ok: false; error: 'document-too-large' };

/**
 * Live documents as operations see them, whatever serves them (the collab server's Hocuspocus
 * today): edits go through the same enforcement, log and saved signal as a WebSocket edit, and
 * connected clients see them at once.
 */
export interface LiveDocuments {
  /**
   * Runs `fn` on the document (loading it if needed) in one Yjs transaction named after the
   * editor, and resolves once the change is durably committed. `fn` must check before it writes
   * (model operations do): a refusal leaves the document as it was.
   */
  edit<T>(name: string, editor: Editor, fn: (doc: Y.Doc) => T): Promise<EditResult<T>>;
  /** Reads the live document when it is loaded, the stored one otherwise. */
  read<T>(name: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /** Resolves once every update this process has received so far is committed (read-your-write for the projection). */
  settle(): Promise<void>;
}

/** For a process that serves no documents (neither api nor collab role): every edit and read is refused. */
export const NO_LIVE_DOCUMENTS: LiveDocuments = {
  edit: () => Promise.reject(new Error('this process serves no documents (ROLES has neither api nor collab)')),
  read: () => Promise.reject(new Error('this process serves no documents (ROLES has neither api nor collab)')),
  settle: () => Promise.resolve(),
};
