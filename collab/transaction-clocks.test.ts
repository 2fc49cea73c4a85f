import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clocksReached } from './transaction-clocks.js';

/** A document that has seen `clients` client ids, one card each. */
function boardSeenBy(clients: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < clients; i++) {
    const visitor = new Y.Doc();
    visitor.clientID = 1_000 + i;
    visitor.getMap('cards').set(`card-${i}`, `title ${i}`);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(visitor));
  }
  return doc;
}

/** What `clocksReached` said for each update `change` made in `doc`, beside what the update itself holds. */
function reachedBy(doc: Y.Doc, change: () => void): { said: Map<number, number>; held: Map<number, number> }[] {
  const seen: { said: Map<number, number>; held: Map<number, number> }[] = [];
  const listener = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) =>
    seen.push({ said: clocksReached(transaction, update), held: Y.parseUpdateMeta(update).to });
  doc.on('update', listener);
  change();
  doc.off('update', listener);
  return seen;
}

describe('clocksReached', () => {
  // 5 client ids: every update is longer than that, so the state vectors are walked; 400: a short
  // edit is parsed instead, a long one (a merge of many clients' work) walked.
  for (const clients of [5, 400]) {
    it(`names each client's last clock in the update, whichever way it reads them (${clients} client ids seen)`, () => {
      const doc = boardSeenBy(clients);
      const writer = new Y.Doc();
      writer.clientID = 99;
      Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));

      // One title edit; a delete only; many clients' work merged at once.
      const before = Y.encodeStateVector(writer);
      writer.getMap('cards').set('card-1', 'renamed');
      const edit = reachedBy(doc, () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, before)));
      const deletion = reachedBy(doc, () => doc.getMap('cards').delete('card-2'));
      const offline = Array.from({ length: 30 }, (_, i) => {
        const peer = new Y.Doc();
        peer.clientID = 50_000 + i;
        peer.getMap('cards').set(`offline-${i}`, 'x'.repeat(40));
        return Y.encodeStateAsUpdate(peer);
      });
      const merge = reachedBy(doc, () => Y.applyUpdate(doc, Y.mergeUpdates(offline)));

      expect(edit).toHaveLength(1);
      expect([...edit[0]!.said]).toEqual([[99, Y.decodeStateVector(Y.encodeStateVector(writer)).get(99)]]);
      expect(deletion).toHaveLength(1);
      expect(deletion[0]!.said.size).toBe(0);
      expect(merge).toHaveLength(1);
      expect(merge[0]!.said.size).toBe(30);
      for (const { said, held } of [...edit, ...deletion, ...merge]) expect(new Map([...said].sort())).toEqual(new Map([...held].sort()));
    });
  }
});
