import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, moveCard, updateCard } from '../../documents/kanban/board.js';
import { kanbanModel } from '../../documents/kanban/model.js';
import { rootNames } from '../../documents/model.js';
import { type FuzzKnowledge, hostileUpdate } from '../../test/helpers/hostile-updates.js';
import { contentUpdate, gcUpdate, withoutStart } from '../../test/helpers/yjs-craft.js';
import { type Admission, type AdmissionRules, type DocumentView, admitUpdate } from './admit-update.js';

const ROOTS = rootNames(kanbanModel);

function viewOf(doc: Y.Doc, owners: Map<number, string>, reserved = new Map<number, string>()): DocumentView {
  return {
    stateOf: (client) => Y.getState(doc.store, client),
    ownerOf: (client) => owners.get(client),
    reservedFor: (client) => reserved.get(client),
    isTypeAt: (id) => {
      const item = Y.getItem(doc.store, id);
      return item instanceof Y.Item && item.content instanceof Y.ContentType;
    },
  };
}

function rules(owner: string, overrides: Partial<AdmissionRules> = {}): AdmissionRules {
  return { owner, newClientBudget: 64, roots: ROOTS, maxClock: 2 ** 32, ...overrides };
}

/** A board edited by two people, as the server would hold it. */
function board(): { server: Y.Doc; alice: Y.Doc; bob: Y.Doc; owners: Map<number, string> } {
  const server = new Y.Doc();
  kanbanModel.seed(server);
  const alice = new Y.Doc();
  const bob = new Y.Doc();
  for (const doc of [alice, bob]) Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  addCard(alice, { id: 'a', columnId: 'todo', title: 'A' });
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
  addCard(bob, { id: 'b', columnId: 'todo', title: 'B' });
  for (const doc of [alice, bob]) Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  const owners = new Map([
    [server.clientID, 'server'],
    [alice.clientID, 'user:alice'],
    [bob.clientID, 'user:bob'],
  ]);
  return { server, alice, bob, owners };
}

const diff = (from: Y.Doc, to: Y.Doc) => Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));

describe('admitting an update before it is applied', () => {
  it('admits an honest edit, including one that builds on someone else’s content', () => {
    const { server, alice, bob, owners } = board();
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    const before = Y.encodeStateVector(alice);
    moveCard(alice, 'b', 'done');
    updateCard(alice, 'a', { title: 'A2' });
    const update = Y.encodeStateAsUpdate(alice, before);
    expect(admitUpdate(Y.decodeUpdate(update), viewOf(server, owners), rules('user:alice'))).toEqual<Admission>({ verdict: 'admit', foreign: [], claims: [] });
  });

  it('claims a new client id for its sender, within the budget', () => {
    const { server, owners } = board();
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
    addCard(fresh, { id: 'c', columnId: 'todo', title: 'C' });
    const update = diff(fresh, server);
    expect(admitUpdate(Y.decodeUpdate(update), viewOf(server, owners), rules('user:carol'))).toEqual({ verdict: 'admit', foreign: [], claims: [fresh.clientID] });
    expect(admitUpdate(Y.decodeUpdate(update), viewOf(server, owners), rules('user:carol', { newClientBudget: 0 }))).toMatchObject({ verdict: 'refuse' });
  });

  it('an id announced in presence can be claimed by its announcer only', () => {
    const { server, owners } = board();
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
    addCard(fresh, { id: 'c', columnId: 'todo', title: 'C' });
    const update = Y.decodeUpdate(diff(fresh, server));
    const reserved = new Map([[fresh.clientID, 'user:carol']]);
    expect(admitUpdate(update, viewOf(server, owners, reserved), rules('user:mallory'))).toEqual({ verdict: 'admit', foreign: [fresh.clientID], claims: [] });
    expect(admitUpdate(update, viewOf(server, owners, reserved), rules('user:carol'))).toEqual({ verdict: 'admit', foreign: [], claims: [fresh.clientID] });
  });

  it('cuts out content under someone else’s client id, and waits for what depends on it', () => {
    const { server, alice, bob, owners } = board();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(bob));
    // Bob's unsaved edit reaches Alice but not the server; Alice builds on it and relays both.
    const bobBefore = Y.encodeStateVector(bob);
    updateCard(bob, 'b', { title: 'Bob offline' });
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob, bobBefore));
    const aliceBefore = Y.encodeStateVector(alice);
    updateCard(alice, 'a', { title: 'Alice' });
    const relayed = diff(alice, server);
    expect(admitUpdate(Y.decodeUpdate(relayed), viewOf(server, owners), rules('user:alice'))).toMatchObject({ verdict: 'admit', foreign: [bob.clientID] });
    // A GC struct in Bob's id, from Alice: cut out.
    const forged = gcUpdate([{ client: bob.clientID, clock: Y.getState(server.store, bob.clientID), length: 1_000 }]);
    expect(admitUpdate(Y.decodeUpdate(forged), viewOf(server, owners), rules('user:alice'))).toMatchObject({ verdict: 'admit', foreign: [bob.clientID] });
    void aliceBefore;
  });

  it('waits for a dependency the document does not have, and refuses structural forgeries', () => {
    const { server, owners } = board();
    const pending = contentUpdate('cards', 10);
    expect(admitUpdate(Y.decodeUpdate(withoutStart(pending.update, pending.clientID, 1)), viewOf(server, owners), rules('user:x'))).toMatchObject({ verdict: 'wait' });
    expect(admitUpdate(Y.decodeUpdate(gcUpdate([], [{ client: 77, clock: 0, length: 3 }])), viewOf(server, owners), rules('user:x'))).toMatchObject({ verdict: 'wait' });
    expect(admitUpdate(Y.decodeUpdate(contentUpdate('evil', 10).update), viewOf(server, owners), rules('user:x'))).toMatchObject({ verdict: 'refuse' });
    expect(admitUpdate(Y.decodeUpdate(gcUpdate([{ client: 5, clock: 0, length: 2 ** 40 }])), viewOf(server, owners), rules('user:x'))).toMatchObject({ verdict: 'refuse' });
    const list = new Y.Doc();
    list.getArray('cards').insert(0, ['x']);
    expect(admitUpdate(Y.decodeUpdate(Y.encodeStateAsUpdate(list)), viewOf(server, owners), rules('user:x'))).toMatchObject({ verdict: 'refuse' });
  });

  it('whatever it admits integrates completely, without an exception or pending structs (randomised)', () => {
    for (let seed = 0; seed < 300; seed++) {
      const gen = prng.create(seed);
      const { server, alice, bob, owners } = board();
      const known: FuzzKnowledge = { updates: [], clients: [server.clientID, alice.clientID, bob.clientID], roots: [...ROOTS] };
      for (const doc of [alice, bob]) doc.on('update', (update: Uint8Array) => known.updates.push(update));
      for (let n = 0; n < 5; n++) {
        addCard(alice, { id: `a${n}`, columnId: 'todo', title: `A${n}` });
        updateCard(bob, 'b', { description: `edit ${n}` });
      }
      for (let attempt = 0; attempt < 20; attempt++) {
        const bytes = hostileUpdate(gen, known);
        let decoded;
        try {
          decoded = Y.decodeUpdate(bytes);
        } catch {
          continue;
        }
        const owner = prng.bool(gen) ? 'user:alice' : 'user:mallory';
        const verdict = admitUpdate(decoded, viewOf(server, owners), rules(owner));
        if (verdict.verdict !== 'admit') continue;
        const kept = verdict.foreign.length > 0 ? Y.diffUpdate(bytes, Y.encodeStateVector(new Map(verdict.foreign.map((c) => [c, Number.MAX_SAFE_INTEGER])))) : bytes;
        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
        expect(() => Y.applyUpdate(replica, kept), `seed ${seed} attempt ${attempt}`).not.toThrow();
        expect(replica.store.pendingStructs, `seed ${seed} attempt ${attempt}`).toBeNull();
        expect(replica.store.pendingDs, `seed ${seed} attempt ${attempt}`).toBeNull();
        for (const client of verdict.claims) owners.set(client, owner);
        Y.applyUpdate(server, kept);
      }
    }
  });
});
