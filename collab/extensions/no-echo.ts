import { type Connection, type Document, type Extension, OutgoingMessage, type afterLoadDocumentPayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { connectionOf } from '../context.js';
import { changedDocument } from '../transaction-clocks.js';

/** Hocuspocus 4.7's broadcast of a flush's merged updates: private, so reached through this view. */
interface Broadcasting {
  broadcastUpdate(update: Uint8Array): void;
  broadcast(encode: (address: string) => Uint8Array, filter?: (connection: Connection) => boolean): void;
}

/**
 * A client is not sent its own changes back. Hocuspocus sends each turn's merged updates to every
 * connection of the document, the author's included, which already holds them: for a busy writer
 * that is one more message encoded, written and decoded per flush, for nothing. When everything
 * in a flush came from one connection, that connection is left out of its broadcast; a flush
 * holding anything else (a repair of the change, another client's change, a server edit) goes to
 * everyone as before. The author still hears that its change arrived (the sync acknowledgement)
 * and when it is saved.
 */
export class NoEchoToAuthor implements Extension {
  // After persistence (800) and schema enforcement (700) have set up the document; before any client's update.
  priority = 650;

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    skipEchoes(document);
  }
}

export function skipEchoes(document: Document): void {
  const hocuspocus = document as unknown as Broadcasting;
  // Yjs tells `afterTransaction` before `update`, so the origin is known before Hocuspocus queues
  // (or, past its size cap, flushes) the update. undefined: nothing since the last broadcast; null: mixed.
  let author: Connection | null | undefined;
  document.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!changedDocument(transaction)) return;
    const from = connectionOf(transaction.origin) ?? null;
    author = author === undefined || author === from ? from : null;
  });
  const toEveryone = hocuspocus.broadcastUpdate.bind(document);
  const broadcast = hocuspocus.broadcast.bind(document);
  hocuspocus.broadcastUpdate = (update: Uint8Array) => {
    const only = author;
    author = undefined;
    if (!only) return toEveryone(update);
    // The message Hocuspocus's own broadcast of an update sends, to everyone but its author.
    broadcast((address) => new OutgoingMessage(address).createSyncMessage().writeUpdate(update).toUint8Array(), (connection) => connection !== only);
  };
}
