import {
  type Connection,
  type Document,
  type Extension,
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  type connectedPayload,
  isTransactionOrigin,
  type onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { rootNames } from '../../documents/model.js';
import { modelFor } from '../../documents/models.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { type Admission, type DocumentView, admitUpdate } from '../admission/admit-update.js';
import { ClientOwners, ownerKeyOf } from '../admission/client-owners.js';
import type { CollabContext } from '../context.js';
import { type ClientIdClaim, SERVER_OWNER, loadClientIdOwners } from '../../storage/client-ids.js';
import { loadRetiredClients } from '../../storage/document-reset.js';

export interface AdmissionLimits {
  /** New Yjs client ids one connection may introduce (a reload replays a few; forged floods are thousands). */
  newClientIdsPerConnection: number;
  /** New client ids one person (or API key) may introduce in one document per day. */
  newClientIdsPerDay: number;
}

/** Clocks beyond this are not something a person typed (2^32 units of content). */
const MAX_CLOCK = 2 ** 32;
const DAY_MS = 86_400_000;
/** How long a shared document just loaded waits for the other instances to say who is on it (a Redis round trip, with room). */
const PRESENCE_ANSWER_MS = 250;

/** Who hears that a document changed (the socket gates holding updates for it). */
type ChangeListener = () => void;

/**
 * What the WebSocket bridge asks before an update reaches Hocuspocus: which connection a frame
 * belongs to, and whether its update may be applied (see `admitUpdate`). This extension keeps
 * what that needs per loaded document: who owns each client id (loaded with the document,
 * claims stored with the update log), the connections established on each socket, and who
 * waits for the document to change. As a last line it drops any pending structs Yjs would keep
 * after a transaction, so nothing that was not integrated is ever sent to anyone.
 */
export class UpdateAdmission implements Extension {
  priority = 850;
  private readonly owners = new Map<string, ClientOwners>();
  private readonly views = new WeakMap<Document, { owners: ClientOwners; view: DocumentView }>();
  /** Per loaded document: client ids retired by a reset (a copy made before it carries them). */
  private readonly retired = new Map<string, ReadonlySet<number>>();
  private readonly established = new WeakMap<object, Map<string, Connection<CollabContext>>>();
  private readonly introduced = new WeakMap<Connection<CollabContext>, number>();
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly connectListeners = new WeakMap<object, (address: string) => void>();
  /** Shared documents just loaded, whose other instances' presence (and the ids it reserves) may still be on its way. */
  private readonly presenceDue = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    private readonly limits: AdmissionLimits,
  ) {}

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    this.owners.set(documentName, new ClientOwners(documentName, await loadClientIdOwners(this.db, documentName)));
    this.retired.set(documentName, new Set(await loadRetiredClients(this.db, documentName)));
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    document.on('afterTransaction', () => this.dropPending(document, documentName));
    document.on('update', () => {
      for (const listener of [...(this.listeners.get(documentName) ?? [])]) listener();
    });
  }

  async connected({ connection }: connectedPayload<CollabContext>): Promise<void> {
    const socket = connection.webSocket as object;
    const address = connection.messageAddress;
    let byAddress = this.established.get(socket);
    if (!byAddress) {
      byAddress = new Map();
      this.established.set(socket, byAddress);
    }
    byAddress.set(address, connection);
    connection.onClose(() => {
      if (byAddress.get(address) === connection) byAddress.delete(address);
    });
    this.connectListeners.get(socket)?.(address);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.owners.delete(documentName);
    this.retired.delete(documentName);
    clearTimeout(this.presenceDue.get(documentName));
    this.presenceDue.delete(documentName);
  }

  /** The socket bridge learns here when an address on its socket becomes usable. */
  onEstablished(socket: object, listener: (address: string) => void): void {
    this.connectListeners.set(socket, listener);
  }

  connectionFor(socket: object, address: string): Connection<CollabContext> | undefined {
    return this.established.get(socket)?.get(address);
  }

  /** Calls `listener` after every change to the document until the returned function is called. */
  watch(documentName: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(documentName);
    if (!set) {
      set = new Set();
      this.listeners.set(documentName, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(documentName) === set) this.listeners.delete(documentName);
    };
  }

  /** Judges an update from `connection` against its document as it is now. */
  admit(connection: Connection<CollabContext>, decoded: ReturnType<typeof Y.decodeUpdate>): Admission {
    const owners = this.owners.get(connection.document.name);
    if (!owners) return { verdict: 'wait', foreign: [], claims: [], missing: 'the document is not loaded' };
    const stale = this.staleClients(connection, decoded);
    if (stale.length > 0) return { verdict: 'reset', clients: stale };
    const owner = ownerKeyOf(connection.context.principal);
    const limits = this.limits;
    const introduced = this.introduced.get(connection) ?? 0;
    const admission = admitUpdate(decoded, this.viewOf(connection.document, owners), {
      owner,
      // Worked out only for an update that introduces a client id (a page load, a new tab): it walks
      // every client id the document has seen, thousands on a board used for months.
      get newClientBudget() {
        return Math.max(0, Math.min(limits.newClientIdsPerConnection - introduced, limits.newClientIdsPerDay - owners.claimedSince(owner, Date.now() - DAY_MS)));
      },
      roots: rootNames(modelFor(connection.context.document.kind)),
      maxClock: MAX_CLOCK,
    });
    // An id someone announced on another instance is reserved only once its presence arrives here.
    if (admission.verdict === 'admit' && admission.claims.length > 0 && this.presenceDue.has(connection.document.name)) {
      return { verdict: 'wait', foreign: admission.foreign, claims: admission.claims, missing: "the other instances' presence (the client ids they hold)", forPresence: true };
    }
    return admission;
  }

  /**
   * The relay asked the other instances who is on a document it just loaded: for a moment, an
   * update that would claim a new client id waits (`PRESENCE_ANSWER_MS`), so that an id someone
   * announced there is reserved here before anyone can claim it. Then waiting updates are judged again.
   */
  awaitPresence(documentName: string): void {
    clearTimeout(this.presenceDue.get(documentName));
    const timer = setTimeout(() => {
      this.presenceDue.delete(documentName);
      for (const listener of [...(this.listeners.get(documentName) ?? [])]) listener();
    }, PRESENCE_ANSWER_MS);
    timer.unref();
    this.presenceDue.set(documentName, timer);
  }

  /**
   * Client ids of the update that a reset of the document retired: it comes from a copy made before
   * the reset. Asked for read-only connections too, whose edits are otherwise dropped unjudged: their
   * copy must be dropped all the same.
   */
  staleClients(connection: Connection<CollabContext>, decoded: ReturnType<typeof Y.decodeUpdate>): number[] {
    const retired = this.retired.get(connection.document.name);
    if (!retired || retired.size === 0) return [];
    return [...new Set([...decoded.structs.map((struct) => struct.id.client), ...decoded.ds.clients.keys()])].filter((client) => retired.has(client));
  }

  /** Records the client ids an admitted update introduces, before it is applied. */
  claim(connection: Connection<CollabContext>, claims: readonly number[]): void {
    const owners = this.owners.get(connection.document.name);
    if (!owners || claims.length === 0) return;
    const owner = ownerKeyOf(connection.context.principal);
    const fresh = claims.filter((client) => Y.getState(connection.document.store, client) === 0).length;
    this.introduced.set(connection, (this.introduced.get(connection) ?? 0) + fresh);
    const now = Date.now();
    for (const client of claims) owners.claim(client, owner, now);
  }

  /** Whose a client id of a loaded document is: its claim's owner, else whoever announced it in presence. */
  holderOf(documentName: string, client: number): string | undefined {
    const owners = this.owners.get(documentName);
    return owners?.ownerOf(client) ?? owners?.reservedFor(client);
  }

  /** Sets an unclaimed id aside for whoever announced it in presence, here or on another instance (see `ClientOwners.reserve`). */
  reserve(documentName: string, client: number, owner: string): void {
    this.owners.get(documentName)?.reserve(client, owner);
  }

  /** Client-id claims another instance stored for a loaded document (see `ClientOwners.learn`). */
  learnClaims(documentName: string, claims: readonly ClientIdClaim[]): void {
    this.owners.get(documentName)?.learn(claims);
  }

  /**
   * Claims to store with an update about to be logged: those made by admission, plus the
   * server's own client id the first time the server writes (a repair, a server-side edit).
   */
  claimsToStore(document: Document, origin: unknown): ClientIdClaim[] {
    const owners = this.owners.get(document.name);
    if (!owners) return [];
    const fromConnection = isTransactionOrigin(origin) && origin.source === 'connection';
    if (!fromConnection) owners.claim(document.clientID, SERVER_OWNER, Date.now());
    return owners.takeUnsaved();
  }

  /** The judge's view of a loaded document, made once per document and its owners (every update is judged through it). */
  private viewOf(document: Document, owners: ClientOwners): DocumentView {
    const known = this.views.get(document);
    if (known?.owners === owners) return known.view;
    const view: DocumentView = {
      stateOf: (client) => Y.getState(document.store, client),
      ownerOf: (client) => (client === document.clientID ? SERVER_OWNER : owners.ownerOf(client)),
      reservedFor: (client) => owners.reservedFor(client),
      isTypeAt: (id) => {
        try {
          const item = Y.getItem(document.store, id);
          return item instanceof Y.Item && item.content instanceof Y.ContentType;
        } catch {
          return false;
        }
      },
    };
    this.views.set(document, { owners, view });
    return view;
  }

  private dropPending(document: Document, documentName: string): void {
    const store = document.store;
    if (!store.pendingStructs && !store.pendingDs) return;
    this.logger.error({ documentName, missing: store.pendingStructs ? [...store.pendingStructs.missing] : [] }, 'dropped pending Yjs structs that admission let through');
    store.pendingStructs = null;
    store.pendingDs = null;
  }
}
