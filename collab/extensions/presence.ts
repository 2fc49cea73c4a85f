import type { Connection, Document, Extension, beforeHandleAwarenessPayload } from '@hocuspocus/server';
import type { Logger } from '../../platform/logger.js';
import { type ClientIdArbiter, arbitrate } from '../admission/client-id-arbiter.js';
import { type ClientIdHolders, RESERVED_IDS_PER_OWNER, ownerKeyOf } from '../admission/client-owners.js';
import type { CollabContext } from '../context.js';
import { presenceUserOf } from '../presence-identity.js';

/**
 * Presence cannot be forged: before an awareness update is applied or broadcast, each state's
 * `user` is overwritten with the authenticated person's id, name and colour, and a connection
 * may only speak for the awareness client ids it introduced first, and not for an id someone else
 * writes under (or announced on another instance), so it cannot overwrite or remove someone
 * else's cursor. An id a connection announces first is set aside for its person in the document
 * (`ClientIdHolders.reserve`): presence is where everyone else learns it, before its owner's
 * first edit, and nobody else may then write under it. With other instances (`arbiter`), the
 * deployment decides whose a new id is, so that two instances never set it aside for two people.
 */
export class PresenceStamping implements Extension {
  priority = 650;
  /** Per document: awareness client id → the connection that owns it. */
  private readonly owners = new WeakMap<Document, Map<number, Connection>>();
  /** Ids each connection introduced: a page speaks for one, so past a few its presence for new ones is dropped (each may cost the arbiter a key). */
  private readonly introduced = new WeakMap<Connection, number>();

  constructor(
    private readonly logger: Logger,
    private readonly holders: ClientIdHolders,
    private readonly arbiter?: ClientIdArbiter,
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
        const held = this.holders.holderOf(documentName, clientId);
        if (held !== undefined && held !== person) {
          states.delete(clientId);
          this.logger.warn({ documentName, clientId, socketId: connection.socketId }, 'dropped an awareness state for a client id someone else holds');
          continue;
        }
        if (announces(state)) {
          if ((this.introduced.get(connection) ?? 0) >= RESERVED_IDS_PER_OWNER) {
            states.delete(clientId);
            this.logger.warn({ documentName, clientId, socketId: connection.socketId }, 'dropped an awareness state for one more new client id than a connection may introduce');
            continue;
          }
          const holder = held ?? (await this.decide(documentName, clientId, person));
          const claimed = owners.get(clientId);
          if (holder !== person || (claimed && claimed !== connection)) {
            states.delete(clientId);
            this.logger.warn({ documentName, clientId, socketId: connection.socketId }, 'dropped an awareness state for a client id someone else holds');
            continue;
          }
          if (!claimed) this.claim(owners, clientId, connection);
          this.introduced.set(connection, (this.introduced.get(connection) ?? 0) + 1);
          this.holders.reserve(documentName, clientId, person);
        }
      }
      // A removal (null state) carries no identity to stamp.
      if (state) state.user = { ...user };
    }
  }

  /**
   * Whose a free id this connection announces is: this person's, unless, with other instances, the
   * arbiter says someone else announced it first (then it is set aside here for them). Asked before
   * this presence is applied or relayed, so the answer is in before anyone hears of the announcement.
   */
  private async decide(documentName: string, clientId: number, person: string): Promise<string> {
    if (!this.arbiter) return person;
    const decided = await arbitrate(this.arbiter, documentName, clientId, person);
    // Someone's presence may have reached this instance meanwhile: what it set aside stands.
    const meanwhile = this.holders.holderOf(documentName, clientId);
    if (meanwhile !== undefined) return meanwhile;
    if (decided !== person) this.holders.reserve(documentName, clientId, decided);
    return decided;
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

/**
 * Whether a state announces its client id: it has something in it. Every message Hocuspocus hands
 * this hook carries one empty state of its own (the scratch awareness it decodes into, under a new
 * random id each time, never applied); a new client's empty first state is not applied either
 * (its clock is 0), and a removal announces nothing. None of them may set an id aside.
 */
function announces(state: Record<string, unknown> | null): state is Record<string, unknown> {
  if (state === null) return false;
  for (const _key in state) return true;
  return false;
}
