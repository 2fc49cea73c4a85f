import type { Extension, afterLoadDocumentPayload, afterUnloadDocumentPayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AuthStep, MessageType, SyncStep } from '../documents/wire/protocol.js';
import type { Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { type StoredSnapshot, readSnapshot } from '../storage/document-log.js';

/** How long a snapshot read for clients opening a document together is kept if the document never finishes loading. */
const HOLD_MS = 5_000;

/**
 * The first client to open a large document would otherwise wait for the server to integrate the
 * stored snapshot (~175 ms for 10,000 cards), then to encode it again (~25 ms), and only then
 * start decoding it itself (~150 ms). Instead, a client that holds nothing of the document is sent
 * the stored snapshot as soon as it is authenticated, and decodes it on its own CPU while the
 * server loads its copy; its sync step 1 then reaches Hocuspocus naming the snapshot's state
 * vector, so the server's answer is only what was written after the snapshot. The client is told
 * it is synced only by that answer, as before. Clients opening the document together share one
 * read, and none of them makes the server encode the whole document.
 *
 * Only documents not loaded here take this path: a loaded one is answered from memory at once.
 */
export class StoredFirstSync implements Extension {
  priority = 100;
  /** Per document, the read clients opening it together share, and the resets begun when it started. */
  private readonly reads = new Map<string, { snapshot: Promise<StoredSnapshot | null>; resetsBegun: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly isLoaded: (documentName: string) => boolean,
    private readonly resets: { readonly resetsBegun: number; resetting(documentName: string): boolean },
    private readonly logger: Logger,
  ) {}

  /** The stored snapshot to start an empty client from, or null (the document is loaded or being reset, or has no snapshot). */
  snapshotFor(documentName: string): Promise<StoredSnapshot | null> {
    if (this.isLoaded(documentName) || this.resets.resetting(documentName)) return Promise.resolve(null);
    const resetsBegun = this.resets.resetsBegun;
    const pending = this.reads.get(documentName);
    if (pending?.resetsBegun === resetsBegun) return pending.snapshot;
    const snapshot = readSnapshot(this.db, documentName).then(
      // An erasure may have rewritten the document while this was read: what was read must not be sent.
      (read) => (this.resets.resetsBegun === resetsBegun ? read : null),
      (error: unknown) => {
        // The client then waits for the server's own load, as it would have without this path.
        this.logger.warn({ err: error, documentName }, 'could not read a snapshot for a first sync');
        return null;
      },
    );
    const entry = { snapshot, resetsBegun };
    this.reads.set(documentName, entry);
    // A load that fails never reaches afterLoadDocument.
    setTimeout(() => this.reads.get(documentName) === entry && this.reads.delete(documentName), HOLD_MS).unref();
    return snapshot;
  }

  async afterLoadDocument({ documentName }: afterLoadDocumentPayload): Promise<void> {
    this.reads.delete(documentName);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.reads.delete(documentName);
  }
}

/** The address an outbound frame tells its client it is authenticated for, or null for any other frame. */
export function authenticatedAddress(frame: Uint8Array): string | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const address = decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Auth) return null;
    return decoding.readVarUint(decoder) === AuthStep.Authenticated ? address : null;
  } catch {
    return null;
  }
}

/** A sync update frame: how the snapshot reaches the client (applied, but not yet "synced"). */
export function syncUpdateFrame(address: string, update: Uint8Array): Uint8Array {
  return syncFrame(address, SyncStep.Update, update);
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
