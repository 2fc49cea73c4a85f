import type { Connection } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Logger } from '../../platform/logger.js';
import { type CloseReason, DOCUMENT_RESET, DOCUMENT_TOO_LARGE, MESSAGE_TOO_BIG, MISSING_DEPENDENCIES, REFUSED_UPDATE } from '../close-codes.js';
import type { CollabContext } from '../context.js';
import type { UpdateAdmission } from '../extensions/update-admission.js';
import { type InspectedFrame, MessageType } from '../frame-guard.js';
import type { DocumentSizes } from '../limits.js';
import { nextTurn, turnSpent } from './turn-budget.js';
import { type StoredFirstState, authenticationAnswer, firstSyncFrames, syncStep1Frame } from '../stored-first-sync.js';

export interface GateLimits {
  /** Largest a document may grow, counted as stored bytes. */
  maxDocumentBytes: number;
  /** Bytes of updates one socket may hold while their dependencies are missing. */
  maxWaitingBytes: number;
  /** How long an update may wait for its dependencies before the socket is closed. */
  maxWaitMs: number;
  /** Bytes a socket may send for documents it has not been admitted to yet. */
  maxUnauthenticatedBytes: number;
}

interface Queued {
  bytes: Uint8Array;
  frame: InspectedFrame;
  /** Counted against the bytes a socket may send before its address is established. */
  beforeAuthentication: boolean;
  /** When it first had to wait for a dependency. */
  waitingSince?: number;
  /** A first sync step 1 that may be answered from the stored snapshot once its address is authenticated. */
  startsFromSnapshot?: boolean;
  /** Handed on (or dropped): too late to restate. */
  taken?: boolean;
  /** Its client was sent a state to start from, and the step names what that holds. */
  answered?: boolean;
}

/** The socket as the gate answers through it (the object Hocuspocus writes to). */
export interface GateSocket {
  send(frame: Uint8Array): void;
  /** Sends, and settles once the frame is handed to the operating system (or the socket failed). */
  sendWritten(frame: Uint8Array): Promise<void>;
  /** Holds what is sent until this round of the event loop is over, so a burst's answers leave as one write. */
  holdWrites(): void;
}

/** Where a first sync's stored snapshot comes from (see `StoredFirstSync`). */
export interface FirstSyncSource {
  stateFor(documentName: string): Promise<StoredFirstState | null>;
  /** What to start an empty client of a loaded document from, shared by everyone asking before it changes (null: Hocuspocus answers). */
  loadedStateFor(document: Y.Doc, documentName: string, storedBytes: number): StoredFirstState | null;
  /** Told when what was sent to a client has been written out (the document's load waits for it, within a bound). */
  delivering(documentName: string, written: Promise<void>): void;
  /** Told that a client asking to start from nothing is being authenticated (the document's load waits for it too, within the same bound); the returned call says it no longer is. */
  expect(documentName: string): () => void;
}

/** An update with nothing in it: what a read-only connection's edit is replaced with. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Every frame of one WebSocket passes here on its way to Hocuspocus. Frames for a document go
 * through in order, once the document's connection is established (authentication frames go
 * straight through). Each Yjs update is judged before it is applied: refused (close), applied
 * without content forged under other people's client ids, or held while it depends on content
 * the document does not have, so the server never keeps, relays or acknowledges what it cannot
 * integrate. Held updates are retried whenever their document changes, within a byte and time
 * bound. The next update of an address is judged only once the previous one is applied.
 */
export class SocketGate {
  private readonly queues = new Map<string, Queued[]>();
  private readonly draining = new Set<string>();
  private readonly waiting: Queued[] = [];
  private readonly unwatch = new Map<string, () => void>();
  private unauthenticatedBytes = 0;
  /** Addresses with a first sync step 1 waiting to hear that they are authenticated, and how to tell the document's herd they no longer are. */
  private readonly awaitingAuthentication = new Map<string, () => void>();
  /** Addresses authenticated before their first sync step 1 arrived (until it does, their connection is established, or they authenticate again). */
  private readonly authenticatedAhead = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly socket: GateSocket,
    private readonly forward: (bytes: Uint8Array) => void,
    private readonly admission: UpdateAdmission,
    private readonly sizes: DocumentSizes,
    private readonly limits: GateLimits,
    private readonly log: Logger,
    private readonly refuse: (reason: CloseReason, detail: Record<string, unknown>) => void,
    private readonly firstSync?: FirstSyncSource,
    /** Asked after each update is applied; while what it returns is pending, nothing more of this socket is judged. */
    private readonly pace?: () => Promise<void> | undefined,
  ) {
    admission.onEstablished(socket, (address) => {
      // From here on a verdict seen earlier is spent: were this connection closed (access revoked),
      // only a new authentication may start the address from storage again.
      this.authenticatedAhead.delete(address);
      this.stopAwaiting(address);
      void this.drain(address);
    });
  }

  receive(bytes: Uint8Array, frame: InspectedFrame): void {
    if (this.closed) return;
    // Authentication is what establishes an address; it cannot wait for itself.
    if (frame.type === MessageType.Auth) {
      // A new verdict is coming: an earlier one no longer lets anything be sent.
      this.authenticatedAhead.delete(frame.address);
      return this.forward(bytes);
    }
    const beforeAuthentication = !this.admission.connectionFor(this.socket, frame.address);
    if (beforeAuthentication) {
      this.unauthenticatedBytes += bytes.byteLength;
      if (this.unauthenticatedBytes > this.limits.maxUnauthenticatedBytes) {
        return this.refuse(MESSAGE_TOO_BIG, { detail: 'too much sent before authentication', bytes: this.unauthenticatedBytes });
      }
    }
    const queued: Queued = { bytes, frame, beforeAuthentication };
    if (this.firstSync && frame.fromNothing && beforeAuthentication && !this.awaitingAuthentication.has(frame.address)) {
      queued.startsFromSnapshot = true;
      if (this.authenticatedAhead.delete(frame.address)) void this.startFromSnapshot(queued);
      else this.awaitingAuthentication.set(frame.address, this.firstSync.expect(frame.documentName));
    }
    const queue = this.queues.get(frame.address);
    if (queue) queue.push(queued);
    else this.queues.set(frame.address, [queued]);
    void this.drain(frame.address);
  }

  /**
   * Told each frame the server sent on this socket, after it was written. The one that says an
   * address is authenticated starts that address's first sync from the stored snapshot, if one
   * waits: nothing is read or sent for an address before its client is let in. One that refuses
   * it tells the document's herd not to wait for this client.
   */
  sent(frame: Uint8Array): void {
    if (!this.firstSync || this.closed) return;
    const answer = authenticationAnswer(frame);
    if (answer === null) return;
    const { address } = answer;
    if (!answer.authenticated) {
      // Still awaiting (it may authenticate again), but the herd no longer waits for it.
      const herd = this.awaitingAuthentication.get(address);
      herd?.();
      if (herd) this.awaitingAuthentication.set(address, () => undefined);
      return;
    }
    const herd = this.awaitingAuthentication.get(address);
    if (!herd) {
      // Its first sync step 1 may still be on its way (authentication can answer first).
      this.authenticatedAhead.add(address);
      return;
    }
    this.awaitingAuthentication.delete(address);
    // The herd hears it once this client's send has begun (or found nothing to send).
    const starts = (this.queues.get(address) ?? []).filter((queued) => queued.startsFromSnapshot).map((queued) => this.startFromSnapshot(queued));
    void Promise.allSettled(starts).then(herd);
  }

  close(): void {
    this.closed = true;
    for (const address of [...this.awaitingAuthentication.keys()]) this.stopAwaiting(address);
    this.authenticatedAhead.clear();
    clearTimeout(this.timer);
    for (const stop of this.unwatch.values()) stop();
    this.unwatch.clear();
    this.queues.clear();
    this.waiting.length = 0;
  }

  private stopAwaiting(address: string): void {
    this.awaitingAuthentication.get(address)?.();
    this.awaitingAuthentication.delete(address);
  }

  private async drain(address: string): Promise<void> {
    if (this.draining.has(address)) return;
    this.draining.add(address);
    try {
      const queue = this.queues.get(address);
      while (queue && queue.length > 0 && !this.closed) {
        if (turnSpent()) {
          await nextTurn();
          continue;
        }
        const connection = this.admission.connectionFor(this.socket, address);
        if (!connection) return;
        const next = queue.shift()!;
        next.taken = true;
        if (next.beforeAuthentication) {
          next.beforeAuthentication = false;
          this.unauthenticatedBytes -= next.bytes.byteLength;
        }
        await this.pass(connection, next);
      }
    } finally {
      this.draining.delete(address);
    }
  }

  /**
   * Sends the client what is stored (and, when that is everything, tells it it is synced), then
   * restates its sync step 1 from what it was sent, so Hocuspocus answers with only what came
   * after (see `StoredFirstSync`). Too late once the step went on to Hocuspocus (the document
   * loaded first): Hocuspocus answers it as sent.
   */
  private async startFromSnapshot(queued: Queued): Promise<void> {
    const stored = await this.firstSync!.stateFor(queued.frame.documentName);
    if (!stored || this.closed || queued.taken) return;
    const address = queued.frame.address;
    const frames = firstSyncFrames(stored, address);
    for (const frame of frames.slice(0, -1)) this.socket.send(frame);
    this.firstSync!.delivering(queued.frame.documentName, this.socket.sendWritten(frames.at(-1)!));
    const restated = syncStep1Frame(address, stored.stateVector);
    if (queued.beforeAuthentication) this.unauthenticatedBytes += restated.byteLength - queued.bytes.byteLength;
    queued.bytes = restated;
    queued.answered = true;
  }

  /**
   * An empty client of a loaded document is sent the state its herd shares, then its step 1 is
   * restated from it, so Hocuspocus answers only what changed since (usually nothing) instead of
   * encoding the whole document for this client alone.
   */
  private answerFromLoaded(connection: Connection<CollabContext>, queued: Queued): void {
    const documentName = queued.frame.documentName;
    const state = this.firstSync?.loadedStateFor(connection.document, documentName, this.sizes.get(documentName));
    if (!state) return;
    for (const frame of firstSyncFrames(state, queued.frame.address)) this.socket.send(frame);
    queued.bytes = syncStep1Frame(queued.frame.address, state.stateVector);
    queued.answered = true;
  }

  private async pass(connection: Connection<CollabContext>, queued: Queued): Promise<void> {
    const update = queued.frame.update;
    if (!update) {
      if (queued.frame.fromNothing && !queued.answered) this.answerFromLoaded(connection, queued);
      return this.forward(queued.bytes);
    }
    // Hocuspocus refuses a read-only connection's edits and tells its provider; it gets an empty
    // update, so a role raised before Hocuspocus reads the frame cannot let an unjudged one in.
    if (connection.readOnly) {
      const stale = this.admission.staleClients(connection, update.decoded);
      if (stale.length > 0) return this.refuse(DOCUMENT_RESET, { documentName: queued.frame.documentName, retiredClients: stale.slice(0, 10) });
      return this.forward(reframe(queued.frame, update.step, EMPTY_UPDATE));
    }
    const admission = this.admission.admit(connection, update.decoded);
    const documentName = queued.frame.documentName;
    switch (admission.verdict) {
      case 'refuse':
        return this.refuse(REFUSED_UPDATE, { documentName, detail: admission.detail });
      case 'wait':
        return this.hold(queued, admission.missing, admission.forPresence !== true);
      case 'reset':
        return this.refuse(DOCUMENT_RESET, { documentName, retiredClients: admission.clients.slice(0, 10) });
      case 'admit': {
        let bytes = queued.bytes;
        let updateBytes = update.bytes.byteLength;
        if (admission.foreign.length > 0) {
          const kept = withoutClients(update.bytes, admission.foreign);
          this.log.warn({ documentName, foreign: admission.foreign }, 'cut content written under other people’s client ids out of an update');
          bytes = reframe(queued.frame, update.step, kept);
          updateBytes = kept.byteLength;
        }
        if (this.sizes.get(documentName) + updateBytes > this.limits.maxDocumentBytes) {
          return this.refuse(DOCUMENT_TOO_LARGE, { documentName, maxDocumentBytes: this.limits.maxDocumentBytes });
        }
        this.admission.claim(connection, admission.claims);
        // Its acknowledgement, and any repair, leave with those of the sender's other updates this round.
        this.socket.holdWrites();
        this.forward(bytes);
        // The next update of this socket is judged against the document with this one applied.
        await connection.waitForPendingMessages();
        const paced = this.pace?.();
        if (paced) await paced;
        return;
      }
    }
  }

  /** `bounded`: counts against `maxWaitingBytes` (a wait of a fixed moment, for presence, does not: any valid update may). */
  private hold(queued: Queued, missing: string, bounded = true): void {
    const documentName = queued.frame.documentName;
    if (queued.waitingSince === undefined) this.log.debug({ documentName, detail: missing }, 'holding an update until what it depends on arrives');
    queued.waitingSince ??= Date.now();
    this.waiting.push(queued);
    const waitingBytes = this.waiting.reduce((sum, held) => sum + held.bytes.byteLength, 0);
    if (bounded && waitingBytes > this.limits.maxWaitingBytes) {
      return this.refuse(MISSING_DEPENDENCIES, { documentName, detail: missing, waitingBytes });
    }
    if (!this.unwatch.has(documentName)) this.unwatch.set(documentName, this.admission.watch(documentName, () => this.retry(documentName)));
    this.schedule();
  }

  /** The document changed: updates waiting on it go back to the front of their queues, in order. */
  private retry(documentName: string): void {
    const ready = this.waiting.filter((queued) => queued.frame.documentName === documentName);
    if (ready.length === 0) return;
    for (const queued of ready) this.waiting.splice(this.waiting.indexOf(queued), 1);
    this.unwatch.get(documentName)?.();
    this.unwatch.delete(documentName);
    for (const queued of ready.reverse()) {
      const queue = this.queues.get(queued.frame.address) ?? [];
      queue.unshift(queued);
      this.queues.set(queued.frame.address, queue);
    }
    for (const address of new Set(ready.map((queued) => queued.frame.address))) void this.drain(address);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const oldest = Math.min(...this.waiting.map((queued) => queued.waitingSince ?? Date.now()));
    if (!Number.isFinite(oldest)) return;
    this.timer = setTimeout(() => this.expire(), Math.max(0, oldest + this.limits.maxWaitMs - Date.now()));
    this.timer.unref();
  }

  private expire(): void {
    const now = Date.now();
    const expired = this.waiting.find((queued) => now - (queued.waitingSince ?? now) >= this.limits.maxWaitMs);
    if (expired) return this.refuse(MISSING_DEPENDENCIES, { documentName: expired.frame.documentName, waitedMs: now - expired.waitingSince! });
    this.schedule();
  }
}

/** The update without any struct of the given clients (the delete set is kept: deleting is not writing in someone's name). */
function withoutClients(update: Uint8Array, clients: readonly number[]): Uint8Array {
  return Y.diffUpdate(update, Y.encodeStateVector(new Map(clients.map((client) => [client, Number.MAX_SAFE_INTEGER]))));
}

function reframe(frame: InspectedFrame, step: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, frame.address);
  encoding.writeVarUint(encoder, frame.type);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
