import type { Extension, afterLoadDocumentPayload, beforeUnloadDocumentPayload } from '@hocuspocus/server';
import { enforceModel } from '../../documents/enforce.js';
import { modelFor } from '../../documents/models.js';
import { can } from '../../identity/roles.js';
import type { Logger } from '../../platform/logger.js';
import { REPAIR_FAILED } from '../close-codes.js';
import { type CollabContext, connectionOf, writerOf } from '../context.js';
import { publicIdOf } from '../../identity/public-id.js';

/** Repairs run as a local, trusted server transaction: broadcast to everyone and logged like any change. */
const REPAIR_ORIGIN = { source: 'local' as const, context: { reason: 'schema-repair' } };

export interface RepairedMessage {
  type: 'repaired';
  reasons: string[];
}

/**
 * No client, however hostile, can leave a document outside its model: every update from a
 * connection is checked against the model of the document's kind and repaired by a server
 * transaction that every client receives. Entries with owners (threads, replies, comments,
 * feedback) carry their real author and are changed only by them or an editor. The sender is
 * told why with a `repaired` stateless message. Updates from other instances (Redis) were
 * checked where they came in.
 */
export class SchemaEnforcement implements Extension {
  priority = 700;
  private readonly stops = new Map<string, () => void>();

  constructor(private readonly logger: Logger) {}

  async afterLoadDocument({ document, documentName, context }: afterLoadDocumentPayload<CollabContext>): Promise<void> {
    const model = modelFor(context.document.kind);
    const stop = enforceModel(document, model, {
      // Sockets and server-side edits made for someone; not loading or the server's own repairs.
      shouldCheck: (origin) => writerOf(origin) !== null,
      actorOf: (origin) => {
        const writer = writerOf(origin);
        // Author fields hold the same id presence shows.
        return writer ? { id: publicIdOf(writer.principal), moderator: can(writer.role, 'documents.write'), ...(writer.restoring ? { restoring: true } : {}) } : undefined;
      },
      repairOrigin: REPAIR_ORIGIN,
      onRepaired: (reasons, origin) => {
        const connection = connectionOf(origin);
        this.logger.warn({ documentName, reasons, socketId: connection?.socketId }, 'repaired an update that broke the document model');
        // After the repair itself: Hocuspocus sends updates on the next turn of the event loop, and a
        // client told "repaired" before it has the repair would build its next edit on the bad state.
        if (connection) setImmediate(() => connection.sendStateless(JSON.stringify({ type: 'repaired', reasons } satisfies RepairedMessage)));
      },
      onRepairFailed: (error, origin) => {
        const connection = connectionOf(origin);
        this.logger.error({ err: error, documentName, socketId: connection?.socketId }, 'checking an update against the document model failed; the update stays as applied');
        // After Hocuspocus has finished with the message that carried it.
        if (connection) setImmediate(() => connection.close(REPAIR_FAILED));
      },
    });
    this.stops.set(documentName, stop);
  }

  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    this.stops.get(documentName)?.();
    this.stops.delete(documentName);
  }
}
