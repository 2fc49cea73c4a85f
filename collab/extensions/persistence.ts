import {
  type Connection,
  type Document,
  type Extension,
  type afterUnloadDocumentPayload,
  type connectedPayload,
  type onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocumentName } from '../../documents/document-name.js';
import { type DocumentModel, rootNames } from '../../documents/model.js';
import { modelFor } from '../../documents/models.js';
import { PROJECTION_VERSION, allEntries } from '../../documents/projection.js';
import { EntryProjections } from '../../documents/entry-projections.js';
import { touchedBy } from '../../documents/repair.js';
import { applyUnannounced } from '../../documents/apply-unannounced.js';
import { encodeSavedMessage } from '../../documents/saved-status.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { DocumentSizes } from '../limits.js';
import { type ClientIdClaim, SERVER_OWNER } from '../../storage/client-ids.js';
import type { DocumentVersions, EventsWritten } from '../../storage/document-log.js';
import { DurableWaiters } from '../durable-waiters.js';
import { isRelayed } from './document-relay.js';
import { ownerKeyOf } from '../admission/client-owners.js';
import { connectionOf, writerOf } from '../context.js';
import { clocksReached } from '../transaction-clocks.js';
import { compactDocument, loadDocument } from '../../storage/document-log.js';
import { projectionVersionOf, replaceProjection } from '../../storage/entry-projection.js';
import { UpdateLog } from '../../storage/update-log.js';
import type { UpdateToStore } from '../../storage/document-log.js';
import type { Metrics } from '../../platform/metrics.js';
import type { VersionCheckpoints } from '../version-checkpoints.js';

/** Marks the transaction that replays stored updates, so they are not appended again. */
const LOAD_ORIGIN = Symbol('persistence:load');

export interface PersistenceOptions {
  /** Tail length after which a document's log is folded into its snapshot. */
  compactAfterUpdates: number;
  /** Where the stored size of each loaded document is kept for the size limit. */
  sizes: DocumentSizes;
  /** Client-id claims to store with an update (in the same transaction). */
  claimsFor(document: Document, origin: unknown): ClientIdClaim[];
  /** In each batch's transaction, the change feed's new events (to enqueue their delivery with them). */
  onEvents?: EventsWritten;
  metrics?: Metrics;
  /** Told what each batch committed per document, and when one unloads (automatic history). */
  checkpoints?: VersionCheckpoints;
  /** Told, after each commit, each document's updates, the version they made and the client ids they introduced (other instances apply them). */
  relay?: {
    committed(name: string, updates: Uint8Array[], version: number | undefined, claims: readonly ClientIdClaim[], epoch: number | undefined): void;
    /** The document's version this instance has applied every batch up to (undefined: not held). */
    seenVersion(name: string): number | undefined;
    /** The epoch of the state this instance loaded (undefined: not held). */
    epochOf(name: string): number | undefined;
    /** Told a document's updates were refused: its state was reset on another instance since it loaded. */
    resetElsewhere(name: string): void;
  };
  /** First syncs answered from storage (see `StoredFirstSync`): a load lets their sends go first. */
  firstSyncs?: { sent(documentName: string): Promise<unknown> };
}

/** A tail this much larger than the snapshot is folded even before `compactAfterUpdates`: what it deletes may be most of it. */
const MIN_TAIL_BYTES_TO_COMPACT = 64 * 1024;

interface LogLength {
  updates: number;
  bytes: number;
  snapshotBytes: number;
}

/** A logged update, with the clock each of its Yjs clients reached. */
interface LoggedUpdate extends UpdateToStore {
  clocks: Map<number, number>;
}

/**
 * Durable documents: every update is appended to the log (group-committed) with the entries it
 * changed, as the per-entry projection holds them, and, once committed, each author is told up
 * to which of its changes are saved. Updates are taken from the document's own `update` events
 * and logged, after they went out to the clients, when the outermost transaction ends: still
 * synchronously, so an update is queued before the code that made it goes on. A load that fails
 * throws, so Hocuspocus never serves (and never stores over) an empty document; a load also
 * rebuilds a projection written by an older version.
 */
export class Persistence implements Extension {
  priority = 800;
  private readonly log: UpdateLog<LoggedUpdate>;
  /** Per loaded document: Yjs client id → clock committed so far. */
  private readonly durable = new Map<string, Map<number, number>>();
  /** Per loaded document: Yjs client id → the connection that sent its changes, the one to tell when they are stored. */
  private readonly authors = new Map<string, Map<number, Connection>>();
  private readonly sinceCompaction = new Map<string, LogLength>();
  private readonly compacting = new Set<string>();
  private compactions: Promise<unknown> = Promise.resolve();
  private readonly waiters = new DurableWaiters((name, clocks) => this.covered(name, clocks));

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: PersistenceOptions,
  ) {
    this.log = new UpdateLog(db, logger, (batch, versions) => this.committed(batch, versions), options.onEvents, options.metrics, {
      shared: options.relay !== undefined,
      onStale: (current) => {
        for (const [name, epoch] of current) {
          // Dropped updates of an older copy than the one loaded now (it was reloaded meanwhile) concern no one here.
          const loaded = options.relay?.epochOf(name);
          if (loaded === undefined || loaded === epoch) continue;
          this.waiters.markStale(name);
          options.relay?.resetElsewhere(name);
        }
      },
    });
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const parsed = parseDocumentName(documentName);
    if (!parsed.ok) throw new Error(`cannot load ${documentName}: ${parsed.reason}`);
    const model = modelFor(parsed.value.kind);
    const stored = await loadDocument(this.db, documentName);
    await this.options.firstSyncs?.sent(documentName);
    // Unannounced: Hocuspocus's document would queue the whole stored state as an update to broadcast
    // (Yjs encoding it again first), and on PGlite, whose queries resolve without a turn, the first
    // client would already be connected when it went out and get the whole document twice.
    applyUnannounced(document, stored.updates, LOAD_ORIGIN);
    // Every root the model has, as the type it is, before any update arrives: Yjs otherwise keeps a
    // placeholder for a root nobody asked for yet and swaps it out the first time someone does, and a
    // transaction that recorded the placeholder then names a type no longer in the document.
    for (const root of rootNames(model)) document.getMap(root);
    if (((await projectionVersionOf(this.db, documentName)) ?? PROJECTION_VERSION) < PROJECTION_VERSION) {
      await this.db.transaction((tx) => replaceProjection(tx, documentName, allEntries(document, model), PROJECTION_VERSION));
    }
    this.durable.set(documentName, Y.decodeStateVector(Y.encodeStateVector(document)));
    this.sinceCompaction.set(documentName, { updates: stored.tailLength, bytes: stored.storedBytes - stored.snapshotBytes, snapshotBytes: stored.snapshotBytes });
    this.options.sizes.set(documentName, stored.storedBytes);
    // From here on every transaction marks the entry fields it wrote, so logging projects only those
    // (it goes with the document: unloading destroys it, and with it every listener).
    const projections = new EntryProjections(document, model);
    const received: { update: Uint8Array; origin: unknown; transaction: Y.Transaction }[] = [];
    document.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin !== LOAD_ORIGIN) received.push({ update, origin, transaction });
    });
    // Once a change and the repairs it caused are applied: first out to every client (one merged
    // message, as Hocuspocus's own flush would send it at the end of this turn), then into the log.
    // Logging works out the entries it changed and starts the group commit, which nobody receiving
    // the change needs to wait for; it is still queued before the code that made the change goes on.
    // Only the first change of a turn goes out at once: the rest of a burst (a busy writer, a
    // reconnect) is left to Hocuspocus, which merges it into one message when the turn ends.
    let flushedThisTurn = false;
    document.on('afterAllTransactions', () => {
      if (received.length === 0) return;
      if (!flushedThisTurn) {
        flushedThisTurn = true;
        setImmediate(() => (flushedThisTurn = false));
        document.flush();
      }
      for (const { update, origin, transaction } of received.splice(0)) this.logged(document, model, projections, update, origin, transaction);
    });
  }

  /**
   * Resolves true once every clock given is committed for the document (at once when it already
   * is); false when they never will be: the document was reset on another instance, and what was
   * made on this copy is dropped (or it unloaded without them).
   */
  whenDurable(documentName: string, clocks: Map<number, number>): Promise<boolean> {
    return this.waiters.when(documentName, clocks);
  }

  /** A client that reconnects learns at once which of its earlier changes are already stored (the one full list it gets). */
  async connected({ connection, documentName }: connectedPayload): Promise<void> {
    const clocks = this.durable.get(documentName);
    if (clocks) connection.sendStateless(encodeSavedMessage(clocks));
  }

  private logged(document: Document, model: DocumentModel, projections: EntryProjections, update: Uint8Array, origin: unknown, transaction: Y.Transaction): void {
    const name = document.name;
    if (isRelayed(origin)) return this.relayed(name, update);
    const clocks = clocksReached(transaction, update);
    const connection = connectionOf(origin);
    if (connection) this.rememberAuthor(name, clocks, connection);
    this.options.sizes.grow(name, update.byteLength);
    const touched = touchedBy(transaction, model);
    // The fields each change wrote matter only where another instance may commit the same entries.
    const entries = projections.changesOf(touched.entries, this.options.relay ? touched.fields : undefined);
    const writer = writerOf(origin);
    const logged: LoggedUpdate = { name, update, clocks, claims: this.options.claimsFor(document, origin), entries, actor: writer ? ownerKeyOf(writer.principal) : SERVER_OWNER };
    const seenVersion = this.options.relay?.seenVersion(name);
    if (seenVersion !== undefined) logged.seenVersion = seenVersion;
    const epoch = this.options.relay?.epochOf(name);
    if (epoch !== undefined) logged.epoch = epoch;
    this.log.append(logged);
  }

  /** Another instance committed this update: it counts towards the size and is saved, but it is not logged again. */
  private relayed(name: string, update: Uint8Array): void {
    this.options.sizes.grow(name, update.byteLength);
    const clocks = this.durable.get(name);
    if (!clocks) return;
    for (const [client, clock] of Y.parseUpdateMeta(update).to) if (clock > (clocks.get(client) ?? 0)) clocks.set(client, clock);
    this.waiters.wake(name);
  }

  /** Hocuspocus stores before unloading a document: everything of it must be committed first. */
  async onStoreDocument(): Promise<void> {
    await this.log.flush();
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.waiters.forget(documentName);
    this.durable.delete(documentName);
    this.authors.delete(documentName);
    this.sinceCompaction.delete(documentName);
    this.options.sizes.forget(documentName);
    this.options.checkpoints?.unloaded(documentName);
  }

  /** For shutdown: commits what is queued, then the history checkpoints that are due. */
  async flush(): Promise<void> {
    await this.log.flush();
    await this.options.checkpoints?.flush();
  }

  /** Resolves once every update received before the call is committed (read-your-write for the projection). */
  settle(): Promise<void> {
    return this.log.settle();
  }

  private committed(batch: LoggedUpdate[], versions: DocumentVersions): void {
    /** Per document, the clocks this batch moved: only those are broadcast, not the document's whole history of clients. */
    const moved = new Map<string, Map<number, number>>();
    for (const { name, update, clocks: reached } of batch) {
      const clocks = this.durable.get(name) ?? new Map<number, number>();
      const changed = moved.get(name) ?? new Map<number, number>();
      // The clock after the update's last struct per client (a state vector would stop at the first gap).
      for (const [client, clock] of reached) {
        if (clock > (clocks.get(client) ?? 0)) {
          clocks.set(client, clock);
          changed.set(client, clock);
        }
      }
      this.durable.set(name, clocks);
      const length = this.sinceCompaction.get(name);
      if (length) {
        length.updates += 1;
        length.bytes += update.byteLength;
      }
      moved.set(name, changed);
    }
    for (const [name, changed] of moved) {
      const ofDocument = batch.filter((entry) => entry.name === name);
      const updates = ofDocument.map((entry) => entry.update);
      this.options.relay?.committed(name, updates, versions.get(name), ofDocument.flatMap((entry) => entry.claims ?? []), ofDocument[0]?.epoch);
      this.options.checkpoints?.committed(name, updates.length);
      this.tellAuthors(name, changed);
      this.waiters.wake(name);
      if (this.dueForCompaction(this.sinceCompaction.get(name))) this.compact(name);
    }
  }

  private covered(documentName: string, clocks: Map<number, number>): boolean {
    const durable = this.durable.get(documentName);
    if (!durable) return false;
    for (const [client, clock] of clocks) if ((durable.get(client) ?? 0) < clock) return false;
    return true;
  }

  /** After enough updates, or once the tail outweighs the snapshot (deleted content may be most of it). */
  private dueForCompaction(length: LogLength | undefined): boolean {
    if (!length) return false;
    return length.updates >= this.options.compactAfterUpdates || length.bytes >= Math.max(MIN_TAIL_BYTES_TO_COMPACT, length.snapshotBytes);
  }

  /**
   * Only a change's author waits for its saved signal, so each connection hears about its own
   * client ids: one small message per author per commit, instead of every client hearing
   * everyone's (which, with 200 people on a board, was most of the server's work).
   */
  private tellAuthors(name: string, changed: Map<number, number>): void {
    const byConnection = new Map<Connection, Map<number, number>>();
    for (const [client, clock] of changed) {
      const author = this.authors.get(name)?.get(client);
      if (!author) continue;
      const clocks = byConnection.get(author) ?? new Map<number, number>();
      clocks.set(client, clock);
      byConnection.set(author, clocks);
    }
    for (const [connection, clocks] of byConnection) connection.sendStateless(encodeSavedMessage(clocks));
  }

  private rememberAuthor(name: string, clocks: Map<number, number>, connection: Connection): void {
    let authors = this.authors.get(name);
    if (!authors) {
      authors = new Map();
      this.authors.set(name, authors);
    }
    for (const client of clocks.keys()) {
      if (authors.get(client) === connection) continue;
      authors.set(client, connection);
      const forget = authors;
      connection.onClose(() => {
        if (forget.get(client) === connection) forget.delete(client);
      });
    }
  }

  /** Updates logged and not committed yet, the batch being written included. */
  get unsaved(): number {
    return this.log.uncommitted;
  }

  /**
   * Folds a document's log into its snapshot now (an instance admin's "force a snapshot"):
   * through the same bookkeeping as the automatic compaction when the document is loaded here.
   * False when there was nothing to fold or another compaction held the document.
   */
  async compactNow(name: string): Promise<boolean> {
    const length = this.sinceCompaction.get(name);
    if (!length) return (await compactDocument(this.db, name)) !== null;
    if (this.compacting.has(name)) return false;
    this.compacting.add(name);
    try {
      return await this.oneAtATime(() => this.compactOnce(name, length));
    } finally {
      this.compacting.delete(name);
    }
  }

  private compact(name: string): void {
    const length = this.sinceCompaction.get(name);
    if (this.compacting.has(name) || !length) return;
    this.compacting.add(name);
    void this.oneAtATime(() => this.compactOnce(name, length))
      .finally(() => this.compacting.delete(name))
      // What was logged while compacting may already be due (a burst of large updates).
      .then((compacted) => compacted && this.sinceCompaction.get(name) === length && this.dueForCompaction(length) && this.compact(name));
  }

  /**
   * This instance's compactions run one after another: each holds a database connection while its
   * log is folded (on the garbage collection thread), and a burst of documents coming due at once
   * must not take the connections the commits need.
   */
  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.compactions.then(work, work);
    this.compactions = run.catch(() => undefined);
    return run;
  }

  private async compactOnce(name: string, length: LogLength): Promise<boolean> {
    const folded = { ...length };
    length.updates = 0;
    length.bytes = 0;
    try {
      const compaction = await compactDocument(this.db, name);
      // Only the same load of the document takes the new sizes. What was committed while compacting may be
      // counted twice until the next compaction: an overcount, the safe side of a limit.
      if (compaction && this.sinceCompaction.get(name) === length) {
        length.snapshotBytes = compaction.snapshotBytes;
        this.options.sizes.set(name, compaction.storedBytes + length.bytes);
      }
      this.options.metrics?.compactions.inc({ outcome: compaction ? 'done' : 'skipped' });
      return compaction !== null;
    } catch (error) {
      this.options.metrics?.compactions.inc({ outcome: 'failed' });
      length.updates += folded.updates;
      length.bytes += folded.bytes;
      this.logger.warn({ err: error, documentName: name }, 'compaction failed; the log stays and is retried later');
      return false;
    }
  }
}
