import type { DocumentName } from '../documents/document-name.js';

/** What the extensions learn about a connection, passed to later hooks as Hocuspocus's `context`. */
export interface CollabContext {
  document: DocumentName;
}
