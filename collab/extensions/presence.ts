import type { Connection, Document, Extension, beforeHandleAwarenessPayload } from '@hocuspocus/server';
import type { Logger } from '../../platform/logger.js';
import { type ClientIdArbiter, arbitrate } from '../admission/client-id-arbiter.js';
import { type ClientIdHolders, ownerKeyOf } from '../admission/client-owners.js';
import type { CollabContext } from '../context.js';
import { presenceUserOf } from '../presence-identity.js';

const DAY_MS = 24 * 60 * 60 * 1000;

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
  /** Ids each connection announced: a page announces one. */
  private readonly announcedBy = new WeakMap<Connection, number>();
  /** Per document and person, ids announced in the current day (each may cost the arbiter a key for a day). */
  private readonly announcedToday = new WeakMap<Document, Map<string, { since: number; count: number }>>();

  constructor(
    private readonly logger: Logger,
    private readonly holders: ClientIdHolders,
    /** COLLAB_NEW_CLIENT_IDS_PER_CONNECTION and COLLAB_NEW_CLIENT_IDS_PER_DAY: presence may announce no more ids than updates may introduce. */
    private readonly limits: { perConnection: number; perPersonPerDay: number },
    private readonly arbiter?: ClientIdArbiter,
  ) {}

  async beforeHandleAwareness({ states, connection, context, document, documentName }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!connection || !context?.principal) return;
    const owners = this.ownersOf(document);
    const user = presenceUserOf(context.principal);
    const person = ownerKeyOf(context.principal);
    // Logged once per message and reason: a hostile message may carry 64 states, many a second.
    let dropped: Map<string, number[]> | undefined;
    const drop = (clientId: number, reason: string) => {
      states.delete(clientId);
      dropped ??= new Map();
      const ids = dropped.get(reason);
      if (ids) ids.push(clientId);
      else dropped.set(reason, [clientId]);
    };
    for (const [clientId, state] of states) {
      const owner = owners.get(clientId);
      if (owner && owner !== connection) {
        drop(clientId, 'dropped awareness states for client ids another connection owns');
        continue;
      }
      if (!owner) {
        // Nothing in it: Hocuspocus's own scratch state (added to every message under a new random
        // id, never applied), or a state that would show a person without saying which id is theirs.
        if (!announces(state)) {
          states.delete(clientId);
          continue;
        }
        const held = this.holders.holderOf(documentName, clientId);
        if (held !== undefined && held !== person) {
          drop(clientId, 'dropped awareness states for client ids someone else holds');
          continue;
        }
        if (held === undefined && !this.mayAnnounce(document, connection, person)) {
          drop(clientId, 'dropped awareness states for more new client ids than a connection or a person may announce');
          continue;
        }
        const holder = held ?? (await this.decide(documentName, clientId, person));
        const claimed = owners.get(clientId);
        if (holder !== person || (claimed && claimed !== connection)) {
          drop(clientId, 'dropped awareness states for client ids someone else holds');
          continue;
        }
        if (!claimed) this.claim(owners, clientId, connection);
        this.holders.reserve(documentName, clientId, person);
      }
      // A removal (null state) carries no identity to stamp.
      if (state) state.user = { ...user };
    }
    for (const [reason, clientIds] of dropped ?? []) this.logger.warn({ documentName, socketId: connection.socketId, clientIds: clientIds.slice(0, 10), count: clientIds.length }, reason);
  }

  /** Counts one more new id for the connection and the person, unless either has announced its share. */
  private mayAnnounce(document: Document, connection: Connection, person: string): boolean {
    const byConnection = this.announcedBy.get(connection) ?? 0;
    if (byConnection >= this.limits.perConnection) return false;
    let people = this.announcedToday.get(document);
    if (!people) {
      people = new Map();
      this.announcedToday.set(document, people);
    }
    const now = Date.now();
    let today = people.get(person);
    if (!today || now - today.since >= DAY_MS) {
      today = { since: now, count: 0 };
      people.set(person, today);
    }
    if (today.count >= this.limits.perPersonPerDay) return false;
    today.count += 1;
    this.announcedBy.set(connection, byConnection + 1);
    return true;
  }

  /**
   * Whose a free id this connection announces is: this person's, unless, with other instances, the
   * arbiter says someone else announced it first (then it is set aside here for them). Asked before
   * this presence is applied or relayed, so the answer is in before anyone hears of the
   * announcement; the connection's next messages wait for it (at most `ARBITER_ANSWER_MS`).
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
 * random id each time, never applied).
 */
function announces(state: Record<string, unknown> | null): state is Record<string, unknown> {
  if (state === null) return false;
  for (const _key in state) return true;
  return false;
}
