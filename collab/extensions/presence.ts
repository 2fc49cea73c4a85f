import type { Connection, Document, Extension, beforeHandleAwarenessPayload } from '@hocuspocus/server';
import type { Logger } from '../../platform/logger.js';
import { type ClientIdHolders, ownerKeyOf } from '../admission/client-owners.js';
import type { CollabContext } from '../context.js';
import { presenceUserOf } from '../presence-identity.js';

/**
 * Presence cannot be forged: before an awareness update is applied or broadcast, each state's
 * `user` is overwritten with the authenticated person's id, name and colour, and a connection
 * may only speak for the awareness client ids it introduced first, and not for an id someone else
 * writes under (or announced on another instance), so it cannot overwrite or remove someone
 * else's cursor. An id a connection announces first is set aside for its person in the document
 * (`ClientIdHolders.reserve`): presence is where everyone else learns it, before its owner's
 * first edit, and nobody else may then write under it.
 */
export class PresenceStamping implements Extension {
  priority = 650;
  /** Per document: awareness client id → the connection that owns it. */
  private readonly owners = new WeakMap<Document, Map<number, Connection>>();

  constructor(
    private readonly logger: Logger,
    private readonly holders: ClientIdHolders,
  ) {}

  async beforeHandleAwareness({ states, connection, context, document, documentName }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!connection || !context?.principal) return;
    const owners = this.ownersOf(document);
    const user = presenceUserOf(context.principal);
    const person = ownerKeyOf(context.principal);
    for (const [clientId, state] of states) {
      const owner = owners.get(clientId);
      if (owner && owner !== connection) {
        states.delete(clientId);
        this.logger.warn({ documentName, clientId, socketId: connection.socketId }, 'dropped an awareness state for a client id another connection owns');
        continue;
      }
      if (!owner) {
        const holder = this.holders.holderOf(documentName, clientId);
        if (holder !== undefined && holder !== person) {
          states.delete(clientId);
          this.logger.warn({ documentName, clientId, socketId: connection.socketId }, 'dropped an awareness state for a client id someone else holds');
          continue;
        }
        this.claim(owners, clientId, connection);
        this.holders.reserve(documentName, clientId, person);
      }
      // A removal (null state) carries no identity to stamp.
      if (state) state.user = { ...user };
    }
  }

  private ownersOf(document: Document): Map<number, Connection> {
    let owners = this.owners.get(document);
    if (!owners) {
      owners = new Map();
      this.owners.set(document, owners);
    }
    return owners;
  }

  private claim(owners: Map<number, Connection>, clientId: number, connection: Connection): void {
    owners.set(clientId, connection);
    connection.onClose(() => {
      if (owners.get(clientId) === connection) owners.delete(clientId);
    });
  }
}
