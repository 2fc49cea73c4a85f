import type { Extension, afterLoadDocumentPayload, afterUnloadDocumentPayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { AuthStep, MessageType, SyncStep } from '../documents/wire/protocol.js';
import type { Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { type StoredDocument, loadDocument } from '../storage/document-log.js';
import { FirstSyncHerds } from './first-sync-herds.js';
import { LoadedFirstStates, MIN_BYTES_TO_SHARE } from './loaded-first-states.js';

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** How long a read for clients opening a document together is kept if the document never finishes loading. */
const HOLD_MS = 5_000;
/**
 * How long the server's own load waits for the clients opening the document with it (see `sent`).
 * Integrating a large document blocks the event loop for ~200 ms, and whatever the socket buffers
 * could not take waits with it: a herd of twenty would get its 2.4 MB each only after the load. A
 * slow client must not hold the load longer than this.
 */
const MAX_WRITE_WAIT_MS = 250;

/**
 * Logged updates merged into one for a first sync, at most: merging costs ~5 ms for 500 and grows
 * faster than their number (2 s for 10,000), and sent one by one each is a transaction for the
 * client. Compaction keeps tails far shorter (`COLLAB_COMPACT_AFTER_UPDATES`, 200 by default).
 */
const MAX_TAIL_TO_MERGE = 500;

/** What an empty client is sent before the server has loaded the document. */
export interface StoredFirstState {
  /** The snapshot, then (when `complete`) the updates logged after it, merged into one. */
  updates: Uint8Array[];
  /** What those add up to, as a state vector (never more than they hold). */
  stateVector: Uint8Array;
  /** Everything stored: the client may be told it is synced. Otherwise the server's answer after loading brings the rest. */
  complete: boolean;
}

/**
 * The first client to open a large document would otherwise wait for the server to integrate the
 * stored state (~175 ms for 10,000 cards), then to encode it again (~25 ms), and only then start
 * decoding it itself (~150 ms). Instead, a client that holds nothing of the document (an empty
 * state vector) is sent what is stored as soon as it is authenticated, and is synced from it while
 * the server loads its own copy from its own read; its sync step 1 then reaches Hocuspocus naming what
 * it was sent, so the server's answer after loading is only what was written since the read
 * (another instance's commits). Clients opening the document together share one read, and none of
 * them makes the server encode the whole document.
 *
 * Only documents not loaded here take this path: a loaded one is answered from memory at once.
 * Nothing is read before the client is authenticated, and nothing read while an erasure rewrote
 * the document is sent.
 */
export class StoredFirstSync implements Extension {
  priority = 100;
  /** Per document, the read clients opening it together share, and the resets begun when it started. */
  private readonly reads = new Map<string, { state: Promise<StoredFirstState | null>; resetsBegun: number }>();
  /** Who is opening each document from its read, for the server's own load to wait on. */
  private readonly herds = new FirstSyncHerds();
  private readonly loaded = new LoadedFirstStates();

  constructor(
    private readonly db: Queryable,
    private readonly isLoaded: (documentName: string) => boolean,
    private readonly resets: { readonly resetsBegun: number; resetting(documentName: string): boolean },
    private readonly logger: Logger,
  ) {}

  /** What to start an empty client from, or null (the document is loaded or being reset, or has no snapshot: small, quick to load). */
  stateFor(documentName: string): Promise<StoredFirstState | null> {
    if (this.isLoaded(documentName) || this.resets.resetting(documentName)) return Promise.resolve(null);
    const resetsBegun = this.resets.resetsBegun;
    const pending = this.reads.get(documentName);
    if (pending?.resetsBegun === resetsBegun) return pending.state;
    const state = loadDocument(this.db, documentName).then(
      // An erasure may have rewritten the document while this was read: what was read must not be sent.
      (stored) => (this.resets.resetsBegun === resetsBegun ? firstState(stored) : null),
      (error: unknown) => {
        // The client then waits for the server's own load, as it would have without this path.
        this.logger.warn({ err: error, documentName }, 'could not read a stored document for a first sync');
        return null;
      },
    );
    const entry = { state, resetsBegun };
    this.reads.set(documentName, entry);
    // A load that fails never reaches afterLoadDocument.
    setTimeout(() => this.reads.get(documentName) === entry && this.reads.delete(documentName), HOLD_MS).unref();
    return state;
  }

  /**
   * What to start an empty client of a loaded document from: its whole state, encoded once for
   * everyone asking before it changes (see `LoadedFirstStates`). Null for a small document (cheap
   * to encode per client) or one being reset: Hocuspocus then answers as usual.
   */
  loadedStateFor(document: Y.Doc, documentName: string, storedBytes: number): StoredFirstState | null {
    if (storedBytes < MIN_BYTES_TO_SHARE || this.resets.resetting(documentName)) return null;
    return this.loaded.stateOf(document);
  }

  delivering(documentName: string, written: Promise<void>): void {
    this.herds.delivering(documentName, written);
  }

  /** A client asked to start the document from nothing and is being authenticated; the returned call says it no longer is. */
  expect(documentName: string): () => void {
    return this.herds.expect(documentName);
  }

  /**
   * Settles once the clients opening the document from its read have been sent what it found and
   * it is written out, and none is still being authenticated, or after `MAX_WRITE_WAIT_MS` (at
   * once when nobody read it, or it found nothing to send). The server's own load waits for this
   * before integrating the same state: those ~200 ms of integrating would otherwise hold up the
   * sends that make this path worth it, and a client authenticated during them would be answered
   * by Hocuspocus, after them, with an encoding of its own.
   */
  async sent(documentName: string): Promise<void> {
    const read = this.reads.get(documentName);
    if (!read) return;
    // Clients that awaited the read were told first (their reactions were registered before this one).
    if ((await read.state) === null) return;
    await this.herds.settled(documentName, MAX_WRITE_WAIT_MS);
  }

  async afterLoadDocument({ documentName }: afterLoadDocumentPayload): Promise<void> {
    this.reads.delete(documentName);
    this.herds.forget(documentName);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.reads.delete(documentName);
    this.herds.forget(documentName);
  }
}

/** What an empty client is sent of a stored document (null without a snapshot). */
export function firstState(stored: StoredDocument): StoredFirstState | null {
  if (stored.snapshotBytes === 0) return null;
  const [snapshot, ...tail] = stored.updates as [Uint8Array, ...Uint8Array[]];
  // Snapshots written before their vector was stored with them.
  const snapshotVector = stored.snapshotStateVector ?? Y.encodeStateVectorFromUpdate(snapshot);
  if (tail.length > MAX_TAIL_TO_MERGE) return { updates: [snapshot], stateVector: snapshotVector, complete: false };
  if (tail.length === 0) return { updates: [snapshot], stateVector: snapshotVector, complete: true };
  const merged = tail.length === 1 ? tail[0]! : Y.mergeUpdates(tail);
  return { updates: [snapshot, merged], stateVector: Y.encodeStateVector(extendedBy(Y.decodeStateVector(snapshotVector), merged)), complete: true };
}

/**
 * The snapshot's clocks, moved on by the logged updates as far as each client's structs follow on
 * without a gap: the client is then said to hold only what it certainly holds (an understatement
 * only makes the server send something again, which Yjs ignores).
 */
function extendedBy(clocks: Map<number, number>, update: Uint8Array): Map<number, number> {
  let client: number | undefined;
  let following = false;
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct.id.client !== client) {
      client = struct.id.client;
      following = true;
    }
    const held = clocks.get(client) ?? 0;
    if (!following || struct instanceof Y.Skip || struct.id.clock > held) {
      following = false;
      continue;
    }
    clocks.set(client, Math.max(held, struct.id.clock + struct.length));
  }
  return clocks;
}

/**
 * The address an outbound frame answers an authentication for, and whether it let the client in
 * (or null for any other frame). Called for every frame a socket is sent, so it reads bytes in
 * place (the message type and the auth step are single-byte varints) and decodes the address only
 * for those frames.
 */
export function authenticationAnswer(frame: Uint8Array): { address: string; authenticated: boolean } | null {
  let position = 0;
  let addressBytes = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = frame[position++];
    if (byte === undefined || shift > 28) return null;
    addressBytes += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  position += addressBytes;
  if (frame[position] !== MessageType.Auth) return null;
  const step = frame[position + 1];
  if (step !== AuthStep.Authenticated && step !== AuthStep.PermissionDenied) return null;
  try {
    return { address: decoding.readVarString(decoding.createDecoder(frame)), authenticated: step === AuthStep.Authenticated };
  } catch {
    return null;
  }
}

/** Per stored state and address, the frames that send it: built once for every client of a herd. */
const framesByState = new WeakMap<StoredFirstState, Map<string, readonly Uint8Array[]>>();

/**
 * The frames that start a client at `address` from `stored`: its updates, then (when they are
 * everything) the one that says it is synced. Clients opening a document together share them,
 * so twenty of them cost one encoding of a 2.4 MB snapshot, not twenty (and the socket's alias
 * for the address is then written once per alias, not once per client).
 */
export function firstSyncFrames(stored: StoredFirstState, address: string): readonly Uint8Array[] {
  let byAddress = framesByState.get(stored);
  if (!byAddress) framesByState.set(stored, (byAddress = new Map()));
  let frames = byAddress.get(address);
  if (!frames) {
    frames = [...stored.updates.map((update) => syncUpdateFrame(address, update)), ...(stored.complete ? [syncDoneFrame(address)] : [])];
    byAddress.set(address, frames);
  }
  return frames;
}

/** A sync update frame: how the stored updates reach the client. */
function syncUpdateFrame(address: string, update: Uint8Array): Uint8Array {
  return syncFrame(address, SyncStep.Update, update);
}

/** An empty sync step 2 after them: what tells the client it is synced. */
function syncDoneFrame(address: string): Uint8Array {
  return syncFrame(address, SyncStep.Step2, EMPTY_UPDATE);
}

/** A sync step 1 frame: the client's request, restated from the snapshot it was sent. */
export function syncStep1Frame(address: string, stateVector: Uint8Array): Uint8Array {
  return syncFrame(address, SyncStep.Step1, stateVector);
}

function syncFrame(address: string, step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
