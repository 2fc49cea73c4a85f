import { type Connection, Document } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { skipEchoes } from './no-echo.js';

/** A connection as a broadcast sees it: an address, and the frames it was sent. */
function connectionTo(document: Document): { connection: Connection; frames: Uint8Array[]; origin: unknown } {
  const frames: Uint8Array[] = [];
  const connection = { messageAddress: document.name, send: (frame: Uint8Array) => frames.push(frame) } as unknown as Connection;
  document.addConnection(connection);
  return { connection, frames, origin: { source: 'connection', connection } };
}

/** A Hocuspocus document that has seen `clients` client ids (every page load is one), with echoes skipped. */
function documentSeenBy(clients: number): Document {
  const document = new Document('kanban:p:b');
  for (let i = 0; i < clients; i++) {
    const visitor = new Y.Doc();
    visitor.clientID = 1_000 + i;
    visitor.getMap('cards').set(`card-${i}`, 'title');
    Y.applyUpdate(document, Y.encodeStateAsUpdate(visitor));
  }
  document.flush();
  skipEchoes(document);
  return document;
}

/** An edit made elsewhere, as the update a client would send. */
function edit(clientID: number, key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getMap('cards').set(key, 'edited');
  return Y.encodeStateAsUpdate(doc);
}

const NOTHING_NEW = Y.encodeStateAsUpdate(new Y.Doc());

describe('a flush of changes goes to everyone but their one author', () => {
  for (const clients of [3, 300]) {
    it(`with ${clients} client ids seen`, () => {
      const document = documentSeenBy(clients);
      const a = connectionTo(document);
      const b = connectionTo(document);
      const sent = () => [a.frames.splice(0).length, b.frames.splice(0).length];

      // All from A: A is left out, whatever else A sent that changed nothing.
      Y.applyUpdate(document, edit(1, 'x'), a.origin);
      Y.applyUpdate(document, NOTHING_NEW, a.origin);
      Y.applyUpdate(document, edit(2, 'y'), a.origin);
      document.flush();
      expect(sent()).toEqual([0, 1]);

      // A's change, and B's transaction that changed nothing (a sync step 2 with nothing new): still A's alone.
      Y.applyUpdate(document, edit(3, 'x'), a.origin);
      Y.applyUpdate(document, NOTHING_NEW, b.origin);
      document.flush();
      expect(sent()).toEqual([0, 1]);

      // B's nothing first, then A's change: A's alone.
      Y.applyUpdate(document, NOTHING_NEW, b.origin);
      Y.applyUpdate(document, edit(4, 'x'), a.origin);
      document.flush();
      expect(sent()).toEqual([0, 1]);

      // Changes of both: everyone.
      Y.applyUpdate(document, edit(5, 'x'), a.origin);
      Y.applyUpdate(document, edit(6, 'y'), b.origin);
      document.flush();
      expect(sent()).toEqual([1, 1]);

      // A change of the server's (a repair) with A's: everyone.
      Y.applyUpdate(document, edit(7, 'x'), a.origin);
      document.transact(() => document.getMap('cards').set('repaired', true));
      document.flush();
      expect(sent()).toEqual([1, 1]);

      // More transactions in one flush than are held before being judged: still exact.
      for (let i = 0; i < 40; i++) Y.applyUpdate(document, NOTHING_NEW, b.origin);
      Y.applyUpdate(document, edit(8, 'x'), a.origin);
      for (let i = 0; i < 40; i++) Y.applyUpdate(document, NOTHING_NEW, b.origin);
      document.flush();
      expect(sent()).toEqual([0, 1]);
    });
  }
});
