import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_KINDS } from './document-name.js';
import { enforceModel } from './enforce.js';
import { addCard } from './kanban/board.js';
import { kanbanModel } from './kanban/model.js';
import type { DocumentModel } from './model.js';
import { modelFor } from './models.js';

const CLIENT = Symbol('client');
const REPAIR = Symbol('repair');

/** A server replica enforcing `model`, counting its transactions by origin. */
function server(model: DocumentModel) {
  const doc = new Y.Doc();
  model.seed(doc);
  const failures: unknown[] = [];
  const repairs: string[][] = [];
  enforceModel(doc, model, {
    shouldCheck: (origin) => origin === CLIENT,
    actorOf: () => undefined,
    repairOrigin: REPAIR,
    onRepaired: (reasons) => repairs.push(reasons),
    onRepairFailed: (error) => failures.push(error),
  });
  const transactions: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  /** What `write` does on a client, applied to the server as that client's update. */
  const send = (write: (client: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    write(client);
    transactions.length = 0;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(client, before), CLIENT);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(client)));
  };
  return { doc, send, transactions, repairs, failures };
}

describe('repairs run as a check first', () => {
  it('a valid update is checked without opening a transaction of the server’s', () => {
    const { send, transactions, repairs, failures } = server(kanbanModel);
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('title', 'B'));
    expect(transactions).toEqual([CLIENT]);
    expect(repairs).toEqual([]);
    expect(failures).toEqual([]);
  });

  it.each(DOCUMENT_KINDS)('%s: each hostile update is repaired in one transaction of the server’s, announced', (kind) => {
    const model = modelFor(kind);
    const { doc, send, transactions, repairs, failures } = server(model);
    const hostile: ((client: Y.Doc) => void)[] = [
      (client) => client.getMap('not-a-root').set('x', 1),
      (client) => client.getMap('meta').set('admin', true),
      ...model.collections.flatMap((collection) => [
        (client: Y.Doc) => client.getMap(collection.name).set('not an entry', 5),
        (client: Y.Doc) => client.getMap(collection.name).set('garbage', new Y.Map<unknown>([['nonsense', 1]])),
      ]),
    ];
    for (const write of hostile) {
      const before = repairs.length;
      send(write);
      expect(transactions).toEqual([CLIENT, REPAIR]);
      expect(repairs).toHaveLength(before + 1);
    }
    expect(failures).toEqual([]);
    expect(doc.share.has('not-a-root') ? doc.getMap('not-a-root').size : 0).toBe(0);
  });

  it('a repair that changes the document without announcing it is still applied as the server’s, and reported', () => {
    const careless: DocumentModel = {
      ...kanbanModel,
      // Renames a card titled "bad" without calling writes.aboutToChange() first.
      repairInvariants: (doc, touched) => {
        for (const id of touched.get('cards') ?? []) {
          const card = doc.getMap<Y.Map<unknown>>('cards').get(id);
          if (card?.get('title') === 'bad') card.set('title', 'fixed');
        }
        return [];
      },
    };
    const { doc, send, transactions, failures } = server(careless);
    send((client) => addCard(client, { id: 'a', columnId: 'todo', title: 'bad' }));
    expect(doc.getMap<Y.Map<unknown>>('cards').get('a')!.get('title')).toBe('fixed');
    expect(transactions.slice(1).every((origin) => origin === REPAIR)).toBe(true);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/without calling writes\.aboutToChange\(\)/);
  });
});
