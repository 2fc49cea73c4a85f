import { type Connection, isTransactionOrigin } from '@hocuspocus/server';
import type { DocumentName } from '../documents/document-name.js';
import type { ProjectRole } from '../identity/roles.js';
import type { Principal } from '../identity/verifier.js';

/**
 * What the extensions learn about a connection, passed to later hooks as Hocuspocus's `context`.
 * A server-side edit (a direct connection) carries the same shape, for the REST caller it acts for.
 */
export interface CollabContext {
  document: DocumentName;
  principal: Principal;
  /** What the connection may do with this document: its project role, capped by the document's restrictions. */
  role: ProjectRole;
  /** Its role in the project, before the document's restrictions: null for a guest of this one document (a socket's; absent for a server-side edit). */
  projectRole?: ProjectRole | null;
  /** When the access token this connection presented expires (ms since the epoch); absent for API keys. */
  expiresAt?: number;
  /** When authentication began reading access (ms since the epoch): changes after it may not have been seen. */
  checkedAt: number;
  /** A server-side edit restoring a past version (never set for a socket). */
  restoring?: boolean;
}

/**
 * Who wrote a transaction: a socket's connection, or a server-side edit made for someone. Null for
 * the server's own writes (loading, repairs), which carry no principal.
 */
export function writerOf(origin: unknown): CollabContext | null {
  if (!isTransactionOrigin(origin)) return null;
  if (origin.source === 'connection') return origin.connection.context as CollabContext;
  const context = origin.source === 'local' ? (origin.context as Partial<CollabContext> | undefined) : undefined;
  return context?.principal && context.document ? (context as CollabContext) : null;
}

/** The socket connection whose message a transaction applied; undefined for server-side edits, loads and repairs. */
export function connectionOf(origin: unknown): Connection | undefined {
  return isTransactionOrigin(origin) && origin.source === 'connection' ? origin.connection : undefined;
}
