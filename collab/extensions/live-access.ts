import type { Connection, Extension, connectedPayload } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { AccessChange, AccessEvents } from '../../identity/membership-events.js';
import { type ProjectRole, can, lesserRole } from '../../identity/roles.js';
import type { Logger } from '../../platform/logger.js';
import { formatDocumentName } from '../../documents/document-name.js';
import { ACCESS_REVOKED, type CloseReason, DOCUMENT_NOT_FOUND, SESSION_ENDED } from '../close-codes.js';
import type { CollabContext } from '../context.js';

interface Live {
  connection: Connection<CollabContext>;
  context: CollabContext;
}

/** What one access change means for one open connection. */
export type LiveEffect =
  | { kind: 'keep' }
  | { kind: 'close'; why: string; reason: CloseReason }
  /** The connection's project role is now `role` (its document may cap it further). */
  | { kind: 'role'; role: ProjectRole }
  /** The document's restrictions changed: the same project role may now mean another role here. */
  | { kind: 'restrictions' };

const KEEP: LiveEffect = { kind: 'keep' };
/** Longer than any authentication takes (a few queries). */
const RECENT_MS = 60_000;

function close(why: string, reason: CloseReason = ACCESS_REVOKED): LiveEffect {
  return { kind: 'close', why, reason };
}

/**
 * Decides, without side effects, what a change does to a connection. `context.principal` is
 * read now, not at connect: a token sync may have moved the connection to a newer session.
 */
export function effectOf(context: CollabContext, change: AccessChange): LiveEffect {
  const { principal, document } = context;
  if (change.type === 'sessionEnded') {
    const through = principal.type === 'user' && principal.user.id === change.userId && principal.sessionId === change.sessionId;
    return through ? close('session ended', SESSION_ENDED) : KEEP;
  }
  if (document.projectId !== change.projectId) return KEEP;
  switch (change.type) {
    case 'projectDeleted':
      return close(change.type);
    case 'documentArchived':
      return formatDocumentName(document) === change.documentName ? close(change.type, DOCUMENT_NOT_FOUND) : KEEP;
    case 'documentAccess':
      return formatDocumentName(document) === change.documentName ? { kind: 'restrictions' } : KEEP;
    case 'apiKeyRevoked':
      return principal.type === 'apiKey' && principal.apiKeyId === change.apiKeyId ? close(change.type) : KEEP;
    case 'member':
      if (principal.type === 'user' && principal.user.id === change.userId) {
        return change.role === null ? close('member removed') : { kind: 'role', role: change.role };
      }
      // A key acts for its creator: it follows them down, back up to its own role, and out.
      if (principal.type === 'apiKey' && principal.createdBy === change.userId) {
        return change.role === null ? close('api key creator removed') : { kind: 'role', role: lesserRole(principal.keyRole, change.role) };
      }
      return KEEP;
  }
}

/**
 * Access is checked at connect and kept true afterwards: when a member's role changes (and with
 * it their API keys'), a member is removed, an API key is revoked, a project is deleted, a
 * document archived or a session ended, the affected open connections are downgraded, upgraded
 * or closed at once (the event arrives in the same tick as the REST change that caused it).
 */
export class LiveAccess implements Extension {
  priority = 500;
  private readonly live = new Set<Live>();
  /** Changes of the last minute: a connection whose authentication read access before one of them committed hears it at connect. */
  private recent: { at: number; change: AccessChange }[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    events: AccessEvents,
    private readonly logger: Logger,
    /** The role a connection's project role comes to in its document (the document's restrictions, read now). */
    private readonly inDocument: (context: CollabContext, projectRole: ProjectRole | null) => Promise<ProjectRole | null> = async (_context, projectRole) => projectRole,
  ) {
    this.unsubscribe = events.subscribe((change) => {
      this.remember(change);
      this.apply(change, this.live);
    });
  }

  async connected({ connection, context }: connectedPayload<CollabContext>): Promise<void> {
    const entry = { connection, context };
    this.live.add(entry);
    connection.onClose(() => this.live.delete(entry));
    // Authentication and a revocation can overlap: what changed since authentication began reading applies now.
    for (const { at, change } of this.recent) if (at >= context.checkedAt && this.live.has(entry)) this.apply(change, [entry]);
  }

  private remember(change: AccessChange): void {
    const now = Date.now();
    this.recent = this.recent.filter(({ at }) => now - at < RECENT_MS);
    this.recent.push({ at: now, change });
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
  }

  private apply(change: AccessChange, entries: Iterable<Live>): void {
    for (const entry of [...entries]) {
      const effect = effectOf(entry.context, change);
      switch (effect.kind) {
        case 'keep':
          break;
        case 'close':
          this.close(entry, effect.why, effect.reason);
          break;
        case 'role':
          void this.reassess(entry, effect.role);
          break;
        case 'restrictions':
          // A guest's project role is null: only their grant on this document decides.
          void this.reassess(entry, entry.context.projectRole === undefined ? entry.context.role : entry.context.projectRole);
          break;
      }
    }
  }

  /** The new project role, capped by what the document allows (hidden now: the connection closes). */
  private async reassess(entry: Live, projectRole: ProjectRole | null): Promise<void> {
    let role: ProjectRole | null;
    try {
      role = await this.inDocument(entry.context, projectRole);
    } catch (error) {
      this.logger.error({ err: error, documentName: entry.context.document }, 'could not read a document\'s restrictions after an access change; closing the connection to be safe');
      role = null;
    }
    if (!this.live.has(entry)) return;
    entry.context.projectRole = projectRole;
    if (role) this.changeRole(entry, role);
    else this.close(entry, 'document hidden from them', ACCESS_REVOKED);
  }

  private changeRole({ connection, context }: Live, role: ProjectRole): void {
    context.role = role;
    const readOnly = !can(role, context.document.kind === 'annotations' ? 'annotations.write' : 'documents.write');
    if (connection.readOnly === readOnly) return;
    connection.readOnly = readOnly;
    this.logger.info({ documentName: context.document, role, readOnly }, 'changed a live connection to its new role');
    // The provider learns its scope only at authentication; tell it now so it can stop (or start) offering edits.
    connection.sendStateless(JSON.stringify({ type: 'access', role, readOnly }));
    // Edits it made while read-only were dropped; asking for what the server lacks brings them back
    // now, instead of its next edit waiting on them (and the socket closing) until a reconnect.
    if (!readOnly) connection.send(syncStepOne(connection));
  }

  private close(entry: Live, why: string, reason: CloseReason): void {
    this.live.delete(entry);
    this.logger.info({ documentName: entry.context.document, why }, 'closed a live connection whose access ended');
    entry.connection.close(reason);
  }
}

/** The sync message that asks a provider for everything the server's copy lacks (it answers with step 2). */
function syncStepOne(connection: Connection<CollabContext>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, connection.messageAddress);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(connection.document));
  return encoding.toUint8Array(encoder);
}
