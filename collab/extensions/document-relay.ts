import {
  type Document,
  type Extension,
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  isTransactionOrigin,
  type onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Bus } from '../../platform/bus/bus.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { type ClientIdClaim, loadClientIdOwners } from '../../storage/client-ids.js';
import type { ClientIdHolders } from '../admission/client-owners.js';
import { type DocumentMark, documentMark, documentMarks, loadDocument } from '../../storage/document-log.js';

/**
 * Marks what another instance committed (or another instance's presence): Hocuspocus runs no store
 * hooks for it, Persistence does not log it again, schema enforcement does not judge it twice.
 */
export const RELAY_ORIGIN = { source: 'redis' as const };

export function isRelayed(origin: unknown): boolean {
  return isTransactionOrigin(origin) && origin.source === 'redis';
}

interface UpdateMessage {
  name: string;
  /** The document's version this batch made; every version is one committed batch. */
  version: number | null;
  update: string;
  /** The client ids the batch's updates introduced, and whose they are (stored with it). */
  claims?: { client: number; owner: string; claimedAt: string }[];
  /** The document's epoch the batch was committed at: applied only to a copy of the same epoch. */
  epoch?: number;
}

interface AwarenessMessage {
  name: string;
  update: string;
  /** Whose the announced client ids are, so that no one on another instance writes under them first. */
  holders?: [client: number, owner: string][];
}

/** One loaded document as this instance has seen its log. */
interface Held {
  document: Document;
  /** Every batch up to this version is in the loaded document. */
  seen: number;
  /** Versions above `seen` already applied (one still in flight on the bus leaves a gap). */
  ahead: Set<number>;
  /** The epoch of the state loaded: updates made here carry it, so none made on it is written after a reset elsewhere. */
  epoch: number;
  /** A reset elsewhere was found: the document is being unloaded. */
  evicting: boolean;
  /** The stored version the last check found ahead of `seen`: still ahead at the next check, the instance catches up. */
  lagging: number | undefined;
  catchingUp: boolean;
}

export interface RelayOptions {
  /** How often loaded documents are compared with their stored version (and epoch). */
  checkEveryMs: number;
  /** Closes a document's sockets as a reset does and unloads it (its history was rewritten elsewhere). */
  evict(name: string): Promise<unknown>;
  /** Told the client-id claims of what another instance committed, before its updates are applied here. */
  learnClaims?(name: string, claims: readonly ClientIdClaim[]): void;
  /** Whose the client ids announced in presence are: told with this instance's presence, learned from the others'. */
  holders?: ClientIdHolders;
  metrics?: Metrics;
}

/**
 * Several instances share every loaded document. Each instance publishes what it committed (after
 * the commit, so a peer only ever holds what is stored) and applies what the others committed.
 * The bus is at most once, so it is only the fast path; convergence rests on Postgres: every
 * committed batch bumps its document's version in the same transaction (appends of one document
 * are ordered by its row lock), so an instance knows exactly which versions it has seen. A check
 * every `checkEveryMs` reads the stored versions of the loaded documents; one still behind at two
 * checks in a row (a message lost to a Redis restart, a paused subscriber) is caught up with the
 * difference between the stored state and its state vector. Presence is relayed the same way;
 * states of a vanished instance time out on their own (awareness's 30 s), as clients renew theirs.
 */
export class DocumentRelay implements Extension {
  // After admission (850), before Persistence (800): the version is read before the state is.
  priority = 820;
  private readonly held = new Map<string, Held>();
  private readonly marksAtLoad = new Map<string, DocumentMark>();
  /** Batches heard while a document loads: applied once it has loaded (what its state already holds changes nothing). */
  private readonly heardWhileLoading = new Map<string, UpdateMessage[]>();
  private readonly unsubscribe: (() => void)[];
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly bus: Bus,
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: RelayOptions,
  ) {
    this.unsubscribe = [
      bus.subscribe('doc:update', (payload) => this.received(payload as UpdateMessage)),
      bus.subscribe('doc:awareness', (payload) => this.presence(payload as AwarenessMessage)),
      bus.subscribe('doc:awareness-query', (payload) => this.answerPresenceQuery((payload as { name: string }).name)),
    ];
    this.timer = setInterval(() => void this.check(), options.checkEveryMs);
    this.timer.unref();
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    this.heardWhileLoading.set(documentName, []);
    this.marksAtLoad.set(documentName, await documentMark(this.db, documentName));
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    // Admission read the claims before the state was read: another instance may have committed
    // content under a new id in between, whose message this instance did not wait for.
    if (this.options.learnClaims) this.options.learnClaims(documentName, await loadClientIdOwners(this.db, documentName));
    const mark = this.marksAtLoad.get(documentName) ?? { version: 0, epoch: 0 };
    this.marksAtLoad.delete(documentName);
    const held: Held = { document, seen: mark.version, ahead: new Set(), epoch: mark.epoch, evicting: false, lagging: undefined, catchingUp: false };
    this.held.set(documentName, held);
    for (const message of this.heardWhileLoading.get(documentName) ?? []) this.apply(held, message);
    this.heardWhileLoading.delete(documentName);
    document.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      // Only this instance's own people: a state it timed out or heard from a peer is not its to announce.
      if (origin !== null && !(isTransactionOrigin(origin) && origin.source === 'connection')) return;
      this.publishPresence(documentName, document, [...added, ...updated, ...removed]);
    });
    // Who is already here, on the other instances, without waiting for their next renewal.
    this.bus.publish('doc:awareness-query', { name: documentName });
    this.options.holders?.awaitPresence(documentName);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.held.delete(documentName);
    this.marksAtLoad.delete(documentName);
    this.heardWhileLoading.delete(documentName);
  }

  async onDestroy(): Promise<void> {
    clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
  }

  /** Persistence, after each commit: what this instance stored for a document, to the others. */
  committed(name: string, updates: Uint8Array[], version: number | undefined, claims: readonly ClientIdClaim[] = [], epoch?: number): void {
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const message: UpdateMessage = { name, version: version ?? null, update: Buffer.from(update).toString('base64') };
    if (claims.length > 0) message.claims = claims.map(({ client, owner, claimedAt }) => ({ client, owner, claimedAt: claimedAt.toISOString() }));
    if (epoch !== undefined) message.epoch = epoch;
    this.bus.publish('doc:update', message);
    const held = this.held.get(name);
    if (held && version !== undefined) this.note(held, version);
  }

  /** The epoch of the state this instance loaded for `name` (undefined: not held). */
  epochOf(name: string): number | undefined {
    return this.held.get(name)?.epoch;
  }

  /**
   * Its history was rewritten on another instance (an erasure), as a check or a refused commit
   * found: its clients reload from the new state. The loaded epoch stays: whatever is still made
   * on this copy until it is gone carries it, and is not written.
   */
  resetElsewhere(name: string): void {
    const held = this.held.get(name);
    if (!held || held.evicting) return;
    held.evicting = true;
    void this.options.evict(name).then(
      // Still held (a socket that would not close): the next check or refused commit tries again.
      () => {
        held.evicting = false;
      },
      (error: unknown) => {
        held.evicting = false;
        this.logger.error({ err: error, documentName: name }, 'could not unload a document reset elsewhere');
      },
    );
  }

  /** The version of `name` this instance has applied every batch up to, own and others' (undefined: not held). */
  seenVersion(name: string): number | undefined {
    return this.held.get(name)?.seen;
  }

  private received(message: UpdateMessage): void {
    const held = this.held.get(message.name);
    if (held) this.apply(held, message);
    else this.heardWhileLoading.get(message.name)?.push(message);
  }

  private apply(held: Held, message: UpdateMessage): void {
    // Committed on the other side of a reset: on this copy its structure is missing, or stale.
    if (message.epoch !== undefined && message.epoch !== held.epoch) {
      if (message.epoch > held.epoch) this.resetElsewhere(message.name);
      return;
    }
    // Whose ids the update writes under, known before anyone here may write under them.
    if (message.claims) {
      const claims = message.claims.map(({ client, owner, claimedAt }) => ({ name: message.name, client, owner, claimedAt: new Date(claimedAt) }));
      this.options.learnClaims?.(message.name, claims);
    }
    Y.applyUpdate(held.document, Buffer.from(message.update, 'base64'), RELAY_ORIGIN);
    if (message.version !== null) this.note(held, message.version);
  }

  private note(held: Held, version: number): void {
    if (version <= held.seen) return;
    held.ahead.add(version);
    while (held.ahead.delete(held.seen + 1)) held.seen += 1;
  }

  private publishPresence(name: string, document: Document, clients: number[]): void {
    const message: AwarenessMessage = { name, update: Buffer.from(encodeAwarenessUpdate(document.awareness, clients)).toString('base64') };
    const holders = this.options.holders;
    if (holders) {
      const held = clients.flatMap((client): [number, string][] => {
        const owner = holders.holderOf(name, client);
        return owner === undefined ? [] : [[client, owner]];
      });
      if (held.length > 0) message.holders = held;
    }
    this.bus.publish('doc:awareness', message);
  }

  private presence(message: AwarenessMessage): void {
    const held = this.held.get(message.name);
    if (!held) return;
    const holders = this.options.holders;
    // A state for an id someone else holds here (the other instance had not heard whose it was) is not applied.
    const contested = new Set<number>();
    for (const [client, owner] of message.holders ?? []) {
      const holder = holders?.holderOf(message.name, client);
      if (holder !== undefined && holder !== owner) contested.add(client);
      else holders?.reserve(message.name, client, owner);
    }
    const update = Buffer.from(message.update, 'base64');
    applyAwarenessUpdate(held.document.awareness, contested.size > 0 ? awarenessWithout(update, contested) : update, RELAY_ORIGIN);
  }

  private answerPresenceQuery(name: string): void {
    const held = this.held.get(name);
    if (!held) return;
    const own = held.document.getConnections().flatMap((connection) => [...held.document.getClients(connection)]);
    if (own.length > 0) this.publishPresence(name, held.document, own);
  }

  /** Compares every loaded document with its stored version and epoch. */
  private async check(): Promise<void> {
    if (this.checking || this.held.size === 0) return;
    this.checking = true;
    try {
      const marks = await documentMarks(this.db, [...this.held.keys()]);
      for (const [name, mark] of marks) {
        const held = this.held.get(name);
        if (!held) continue;
        if (mark.epoch !== held.epoch) {
          this.resetElsewhere(name);
          continue;
        }
        if (mark.version <= held.seen) {
          held.lagging = undefined;
        } else if (held.lagging !== undefined && held.seen < held.lagging) {
          void this.catchUp(name, held);
        } else {
          held.lagging = mark.version;
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not compare loaded documents with their stored versions; checking again shortly');
    } finally {
      this.checking = false;
    }
  }

  /** Applies what the stored log has and the loaded document lacks. */
  private async catchUp(name: string, held: Held): Promise<void> {
    if (held.catchingUp) return;
    held.catchingUp = true;
    try {
      const mark = await documentMark(this.db, name);
      const stored = await loadDocument(this.db, name);
      // Read after the log: every claim the stored updates rely on was committed with them.
      const claims = await loadClientIdOwners(this.db, name);
      if (this.held.get(name) !== held || stored.updates.length === 0) return;
      this.options.learnClaims?.(name, claims);
      const missing = Y.diffUpdate(Y.mergeUpdates(stored.updates), Y.encodeStateVector(held.document));
      Y.applyUpdate(held.document, missing, RELAY_ORIGIN);
      this.logger.warn({ documentName: name, seen: held.seen, stored: mark.version }, 'caught up a document from the log: messages from other instances were missed');
      this.options.metrics?.relayCatchUps.inc();
      held.seen = Math.max(held.seen, mark.version);
      for (const version of held.ahead) if (version <= held.seen) held.ahead.delete(version);
      while (held.ahead.delete(held.seen + 1)) held.seen += 1;
      held.lagging = undefined;
    } catch (error) {
      this.logger.warn({ err: error, documentName: name }, 'could not catch a document up from the log; trying again at the next check');
    } finally {
      held.catchingUp = false;
    }
  }
}

/** An awareness update without the states of `clients` (y-protocols' encoding: count, then id, clock and JSON state each). */
function awarenessWithout(update: Uint8Array, clients: ReadonlySet<number>): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const kept: [client: number, clock: number, state: string][] = [];
  for (let left = decoding.readVarUint(decoder); left > 0; left--) {
    const entry: [number, number, string] = [decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)];
    if (!clients.has(entry[0])) kept.push(entry);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [client, clock, state] of kept) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
