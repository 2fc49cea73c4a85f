import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from './enforce.js';
import { addCard, addComment, readBoard } from './kanban/board.js';
import { kanbanModel } from './kanban/model.js';
import { DOCUMENT_KINDS } from './document-name.js';
import { modelFor } from './models.js';
import type { RepairWrites } from './repair-writes.js';

const CLIENT = Symbol('client');
const REPAIR = Symbol('repair');

/** A server replica enforcing the model on client updates, and a client replica sharing its state. */
function setup() {
  const server = new Y.Doc();
  kanbanModel.seed(server);
  const repairs: string[][] = [];
  enforceModel(server, kanbanModel, { shouldCheck: (origin) => origin === CLIENT, actorOf: () => undefined, repairOrigin: REPAIR, onRepaired: (reasons) => repairs.push(reasons), onRepairFailed: (error) => { throw error; } });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  // Whatever the server writes (the repair) goes back to the client, as Hocuspocus would broadcast it.
  server.on('update', (update: Uint8Array, origin: unknown) => origin === REPAIR && Y.applyUpdate(client, update));
  const send = (write: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    write(client);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before), CLIENT);
  };
  return { server, client, repairs, send };
}

describe('server-side schema enforcement', () => {
  it('leaves valid edits alone and writes nothing', () => {
    const { server, repairs, send } = setup();
    let serverUpdates = 0;
    server.on('update', () => serverUpdates++);
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A', labels: ['x'] }));
    expect(repairs).toEqual([]);
    expect(serverUpdates).toBe(1);
  });

  it('resets an order key that would break placements beside it, and places new cards there again', () => {
    const { server, repairs, send } = setup();
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('order', 'a0!!'));
    expect(repairs.flat().join('\n')).toContain('cards/a');
    expect(server.getMap<Y.Map<unknown>>('cards').get('a')!.get('order')).toBe('');
    send((doc) => addCard(doc, { id: 'b', columnId: 'todo', title: 'B', index: 0 }));
    expect(readBoard(server).columns[0]!.cards.map((card) => card.id).sort()).toEqual(['a', 'b']);
  });

  it('resets wrongly typed fields, drops unknown ones and fixes a mismatched id', () => {
    const { server, client, repairs, send } = setup();
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    send((doc) => {
      const card = doc.getMap<Y.Map<unknown>>('cards').get('a')!;
      card.set('title', 42);
      card.set('labels', 'urgent');
      card.set('isAdmin', true);
      card.set('id', 'b');
    });
    expect(repairs).toHaveLength(1);
    expect(repairs[0]![0]).toMatch(/cards\/a: .*unknown field "isAdmin" removed/);
    const card = readBoard(server).columns[0]!.cards[0]!;
    expect(card).toMatchObject({ id: 'a', title: '', labels: [] });
    expect(readBoard(client)).toEqual(readBoard(server));
    expect(server.getMap<Y.Map<unknown>>('cards').get('a')!.has('isAdmin')).toBe(false);
  });

  it('checks the fields an edit changed, whatever names they have: inherited names, removals, content below a field', () => {
    const { server, client, repairs, send } = setup();
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    send((doc) => {
      const card = doc.getMap<Y.Map<unknown>>('cards').get('a')!;
      card.set('constructor', 1);
      card.set('toString', 'x');
      card.set('__proto__', { admin: true });
    });
    expect(repairs.flat().join('\n')).toMatch(/unknown field "constructor" removed.*unknown field "toString" removed.*unknown field "__proto__" removed/);
    expect([...server.getMap<Y.Map<unknown>>('cards').get('a')!.keys()].sort()).not.toContain('constructor');
    // A required field taken away is put back (its default), not left missing.
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.delete('title'));
    expect(server.getMap<Y.Map<unknown>>('cards').get('a')!.get('title')).toBe('');
    // A shared type put under a field, then changed inside: the field is invalid either way.
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('labels', new Y.Array()));
    expect(server.getMap<Y.Map<unknown>>('cards').get('a')!.get('labels')).toEqual([]);
    expect(readBoard(client)).toEqual(readBoard(server));
    expect(readBoard(server).columns[0]!.cards.map((card) => card.id)).toEqual(['a']);
  });

  it('removes entries that cannot be repaired, empties unknown roots and list content', () => {
    const { server, client, repairs, send } = setup();
    send((doc) => {
      doc.getMap('cards').set('x', 'not a map');
      doc.getMap('cards').set('y', new Y.Map([['title', 'no column']]));
      doc.getMap('evil').set('payload', 'x'.repeat(1000));
      doc.getArray('columns').insert(0, ['junk']);
    });
    const reasons = repairs.flat().join('\n');
    expect(reasons).toContain('cards/x: removed');
    expect(reasons).toContain('cards/y: removed');
    expect(reasons).toContain('"evil" is not part of a kanban document');
    expect(server.getMap('cards').size).toBe(0);
    expect(server.getMap('evil').size).toBe(0);
    expect(readBoard(server).columns).toHaveLength(4);
    expect(Y.encodeStateAsUpdate(client)).toEqual(Y.encodeStateAsUpdate(server));
  });

  it('re-homes the cards of a column deleted outright', () => {
    const { server, repairs, send } = setup();
    send((doc) => addCard(doc, { id: 'a', columnId: 'done', title: 'A' }));
    send((doc) => doc.getMap('columns').delete('done'));
    expect(repairs.flat().join()).toMatch(/moved 1 card/);
    const board = readBoard(server);
    expect(board.columns.flatMap((column) => column.cards.map((card) => [column.id, card.id]))).toEqual([['todo', 'a']]);
  });

  it('re-homes cards into a column holding a card whose order key was reset', () => {
    const { server, repairs, send } = setup();
    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('order', 'a0!!'));
    expect(server.getMap<Y.Map<unknown>>('cards').get('a')!.get('order')).toBe('');
    send((doc) => addCard(doc, { id: 'b', columnId: 'done', title: 'B' }));
    send((doc) => doc.getMap('columns').delete('done'));
    expect(repairs.flat().join()).toMatch(/moved 1 card/);
    expect(readBoard(server).columns[0]!.cards.map((card) => card.id).sort()).toEqual(['a', 'b']);
  });

  it('removes the comments of a card deleted outright, and a comment on no card', () => {
    const { server, repairs, send } = setup();
    send((doc) => {
      addCard(doc, { id: 'a', columnId: 'todo', title: 'A' });
      addComment(doc, { id: 'm1', cardId: 'a', authorId: 'u', body: 'hi', at: '2026-11-25T10:00:00Z' });
      addComment(doc, { id: 'm2', cardId: 'a', authorId: 'u', body: 'hi', at: '2026-11-25T10:00:00Z' });
    });
    expect(repairs).toEqual([]);
    send((doc) => doc.getMap('cards').delete('a'));
    expect(server.getMap('comments').size).toBe(0);
    send((doc) => doc.getMap('comments').set('m3', new Y.Map<unknown>(Object.entries({ id: 'm3', cardId: 'ghost', authorId: 'u', body: 'x', createdAt: '2026-11-25T10:00:00Z', editedAt: null, deleted: false }))));
    expect(server.getMap('comments').size).toBe(0);
    expect(repairs.flat().filter((reason) => reason.includes('comment(s) whose card does not exist'))).toHaveLength(2);
  });

  it('puts back a tampered schema version', () => {
    const { server, send } = setup();
    send((doc) => doc.getMap('meta').set('schemaVersion', 99));
    expect(server.getMap('meta').get('schemaVersion')).toBe(kanbanModel.schemaVersion);
  });
});

describe('a repair that throws', () => {
  it('is reported with the offending origin; the update stays applied and reaches listeners, and the next one is checked', () => {
    let failing = true;
    const faulty = {
      ...kanbanModel,
      repairInvariants: (doc: Y.Doc, entries: Map<string, Set<string>>, writes?: RepairWrites) => {
        if (failing) throw new Error('a bug in a repair');
        return kanbanModel.repairInvariants!(doc, entries, writes);
      },
    };
    const server = new Y.Doc();
    kanbanModel.seed(server);
    const failures: [unknown, unknown][] = [];
    const repairs: string[][] = [];
    enforceModel(server, faulty, { shouldCheck: (origin) => origin === CLIENT, actorOf: () => undefined, repairOrigin: REPAIR, onRepaired: (reasons) => repairs.push(reasons), onRepairFailed: (error, origin) => failures.push([error, origin]) });
    const updates: unknown[] = [];
    server.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin));
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const send = (write: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(client);
      write(client);
      expect(() => Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before), CLIENT)).not.toThrow();
    };

    send((doc) => addCard(doc, { id: 'a', columnId: 'todo', title: 'A' }));
    expect(failures).toEqual([[new Error('a bug in a repair'), CLIENT]]);
    expect(updates).toContain(CLIENT);
    expect(readBoard(server).columns.find((column) => column.id === 'todo')?.cards.map((card) => card.id)).toEqual(['a']);

    failing = false;
    send((doc) => doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('columnId', 'nowhere'));
    expect(failures).toHaveLength(1);
    expect(repairs.flat().join(' ')).toMatch(/columnId|column/);
    expect(readBoard(server).columns.find((column) => column.id === 'todo')?.cards.map((card) => card.id)).toEqual(['a']);
  });
});

describe('every model', () => {
  it.each(DOCUMENT_KINDS)('%s: its seed is valid under its own rules, and an empty document reads', (kind) => {
    const model = modelFor(kind);
    const server = new Y.Doc();
    const repairs: string[][] = [];
    enforceModel(server, model, { shouldCheck: (origin) => origin === CLIENT, actorOf: () => undefined, repairOrigin: REPAIR, onRepaired: (reasons) => repairs.push(reasons), onRepairFailed: (error) => { throw error; } });
    const seeded = new Y.Doc();
    model.seed(seeded);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(seeded), CLIENT);
    expect(repairs).toEqual([]);
    expect(() => model.read(new Y.Doc())).not.toThrow();
    expect(model.read(server)).toEqual(model.read(seeded));
  });
});
