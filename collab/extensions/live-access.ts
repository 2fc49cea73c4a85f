import type { Connection, Extension, connectedPayload } from '@hocuspocus/server';
import type { AccessChange, AccessEvents } from '../../identity/membership-events.js';
import { type ProjectRole, can } from '../../identity/roles.js';
import type { Logger } from '../../server/logger.js';
import { formatDocumentName } from '../../documents/document-name.js';
import { ACCESS_REVOKED, type CloseReason, DOCUMENT_NOT_FOUND } from '../close-codes.js';
import type { CollabContext } from '../context.js';

interface Live {
  connection: Connection<CollabContext>;
  context: CollabContext;
}

/**
 * Access is checked at connect and kept true afterwards: when a member's role changes, a
 * member is removed, an API key is revoked, a project is deleted or a document archived, the
 * affected open connections are downgraded, upgraded or closed at once (the event arrives in the same tick
 * as the REST change that caused it).
 */
export class LiveAccess implements Extension {
  priority = 500;
  private readonly live = new Set<Live>();
  private readonly unsubscribe: () => void;

  constructor(
    events: AccessEvents,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = events.subscribe((change) => this.apply(change));
  }

  async connected({ connection, context }: connectedPayload<CollabContext>): Promise<void> {
    const entry = { connection, context };
    this.live.add(entry);
    connection.onClose(() => this.live.delete(entry));
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
  }

  private apply(change: AccessChange): void {
    for (const entry of [...this.live]) {
      const { context } = entry;
      if (context.document.projectId !== change.projectId) continue;
      const principal = context.principal;
      switch (change.type) {
        case 'projectDeleted':
          this.close(entry, change.type);
          break;
        case 'documentArchived':
          if (formatDocumentName(context.document) === change.documentName) this.close(entry, change.type, DOCUMENT_NOT_FOUND);
          break;
        case 'apiKeyRevoked':
          if (principal.type === 'apiKey' && principal.apiKeyId === change.apiKeyId) this.close(entry, change.type);
          break;
        case 'member':
          if (principal.type !== 'user' || principal.user.id !== change.userId) break;
          if (change.role === null) this.close(entry, 'member removed');
          else this.changeRole(entry, change.role);
          break;
      }
    }
  }

  private changeRole({ connection, context }: Live, role: ProjectRole): void {
    context.role = role;
    const readOnly = !can(role, context.document.kind === 'annotations' ? 'annotations.write' : 'documents.write');
    if (connection.readOnly === readOnly) return;
    connection.readOnly = readOnly;
    this.logger.info({ documentName: context.document, role, readOnly }, 'changed a live connection to its new role');
    // The provider learns its scope only at authentication; tell it now so it can stop (or start) offering edits.
    connection.sendStateless(JSON.stringify({ type: 'access', role, readOnly }));
  }

  private close(entry: Live, why: string, reason: CloseReason = ACCESS_REVOKED): void {
    this.live.delete(entry);
    this.logger.info({ documentName: entry.context.document, why }, 'closed a live connection whose access ended');
    entry.connection.close(reason);
  }
}
