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
  const authors = new FlushAuthors();
  // Yjs tells `afterTransaction` before `update`, so a transaction is known before Hocuspocus queues
  // (or, past its size cap, flushes) its update.
  document.on('afterTransaction', (transaction: Y.Transaction) => authors.add(connectionOf(transaction.origin) ?? null, transaction));
  const toEveryone = hocuspocus.broadcastUpdate.bind(document);
  const broadcast = hocuspocus.broadcast.bind(document);
  hocuspocus.broadcastUpdate = (update: Uint8Array) => {
    const only = authors.take();
    if (!only) return toEveryone(update);
    // The message Hocuspocus's own broadcast of an update sends, to everyone but its author.
    broadcast((address) => new OutgoingMessage(address).createSyncMessage().writeUpdate(update).toUint8Array(), (connection) => connection !== only);
  };
}

/** Transactions held before they are judged: past this many, those held are judged at once. */
const MAX_UNJUDGED = 32;

/**
 * Who made the changes since the last broadcast: one connection, or null when they are mixed (or
 * the server's). Only transactions that changed the document count, but asking a transaction
 * walks every client id the document has seen (thousands on a board used for months), so it is
 * asked only when the answer matters: when transactions of more than one origin are in one flush.
 * A flush whose transactions all came from one connection needs no asking, as some of them
 * changed the document (there is an update to send).
 */
class FlushAuthors {
  /** What the transactions judged so far add up to: undefined while none changed the document. */
  private judged: Connection | null | undefined;
  private unjudged: { from: Connection | null; transaction: Y.Transaction }[] = [];

  add(from: Connection | null, transaction: Y.Transaction): void {
    this.unjudged.push({ from, transaction });
    if (this.unjudged.length > MAX_UNJUDGED) this.judge();
  }

  /** The author of everything since the last broadcast (called as an update goes out), and start again. */
  take(): Connection | null | undefined {
    const first = this.unjudged[0];
    const oneOrigin = this.judged === undefined && first !== undefined && this.unjudged.every(({ from }) => from === first.from);
    const author = oneOrigin ? first.from : (this.judge(), this.judged);
    this.judged = undefined;
    this.unjudged = [];
    return author;
  }

  private judge(): void {
    for (const { from, transaction } of this.unjudged) {
      if (this.judged === null) break;
      if (from === this.judged || !changedDocument(transaction)) continue;
      this.judged = this.judged === undefined ? from : null;
    }
    this.unjudged = [];
  }
}
