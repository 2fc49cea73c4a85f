import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from './enforce.js';
import { EntryProjections } from './entry-projections.js';
import { entryMaps, toYMap } from './entries.js';
import { addCard, updateCard } from './kanban/board.js';
import { kanbanModel } from './kanban/model.js';
import { CARDS } from './kanban/schema.js';
import { type EntryChange, projectEntry } from './projection.js';
import { touchedBy } from './repair.js';

const CLIENT = Symbol('client');
const REPAIR = Symbol('repair');

/** Every entry of every collection, as `projectEntry` sees it now (the reference). */
function fullProjection(doc: Y.Doc): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const collection of kanbanModel.collections) {
    for (const [id, value] of entryMaps(doc, collection)) all[`${collection.name}/${id}`] = projectEntry(collection, value);
  }
  return JSON.parse(JSON.stringify(all)) as Record<string, unknown>;
}

/** The same entries, projected through `projections` (asking for all of them keeps all of them cached). */
function incrementalProjection(doc: Y.Doc, projections: EntryProjections): Record<string, unknown> {
  const touched = new Map(kanbanModel.collections.map((collection) => [collection.name, new Set(entryMaps(doc, collection).keys())]));
  const all: Record<string, unknown> = {};
  for (const change of projections.changesOf(touched)) all[`${change.collection}/${change.id}`] = change.data;
  return JSON.parse(JSON.stringify(all)) as Record<string, unknown>;
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES: unknown[] = ['', 'title', 'x'.repeat(600), 42, null, true, ['a'], [1], { kind: 'url', target: 'x' }, undefined, '2026-12-01T10:00:00Z', 'a0'];
const FIELDS = ['title', 'description', 'columnId', 'order', 'assignees', 'labels', 'dueDate', 'links', 'archived', 'constructor', 'surprise', 'id'];

/** One random edit of the kind a client (honest or not) could send. */
function edit(doc: Y.Doc, next: () => number): void {
  const cards = entryMaps(doc, CARDS);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const id = `c${Math.floor(next() * 4)}`;
  const card = cards.get(id);
  const roll = next();
  if (!card) return void addCard(doc, { id, columnId: pick(['todo', 'done']), title: `card ${id}` });
  if (roll < 0.12) return void cards.delete(id);
  if (roll < 0.16) return void cards.set(id, toYMap({ id, title: 'replaced', columnId: 'todo', order: 'a0' }));
  if (roll < 0.24) {
    // Below a field: a Yjs type inside the entry, then changed in place.
    const nested = new Y.Array<string>();
    card.set('labels', nested);
    nested.push(['l1']);
    return;
  }
  if (roll < 0.3) {
    const labels = card.get('labels');
    if (labels instanceof Y.Array) return void labels.push([pick(['l2', 'x'.repeat(70)])]);
  }
  if (!(card instanceof Y.Map)) return void cards.delete(id);
  if (roll < 0.4) return void card.delete(pick(FIELDS));
  if (roll < 0.6) return void updateCard(doc, id, { title: pick(['one', 'two', 'three']) });
  // A hostile client's title, past what the schema allows.
  if (roll < 0.65) return void card.set('title', 'x'.repeat(501));
  card.set(pick(FIELDS), pick(VALUES));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EntryProjections', () => {
  it('projects a field change without parsing the whole entry again', () => {
    const doc = new Y.Doc();
    kanbanModel.seed(doc);
    addCard(doc, { id: 'a', columnId: 'todo', title: 'first' });
    const projections = new EntryProjections(doc, kanbanModel);
    const touched = new Map([['cards', new Set(['a'])]]);
    expect(projections.changesOf(touched)[0]!.data).toMatchObject({ id: 'a', title: 'first' });
    const wholeParses = vi.spyOn(CARDS.schema, 'safeParse');
    updateCard(doc, 'a', { title: 'second' });
    expect(projections.changesOf(touched)[0]!.data).toMatchObject({ id: 'a', title: 'second' });
    expect(wholeParses).not.toHaveBeenCalled();
    // A value the field's schema refuses takes the full projection, which leaves the entry out.
    entryMaps(doc, CARDS).get('a')!.set('title', 7);
    expect(projections.changesOf(touched)[0]!.data).toBeNull();
    expect(wholeParses).toHaveBeenCalled();
  });

  it('names the fields a transaction wrote of an entry that was there', () => {
    const doc = new Y.Doc();
    kanbanModel.seed(doc);
    const projections = new EntryProjections(doc, kanbanModel);
    const changes: EntryChange[][] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const touched = touchedBy(transaction, kanbanModel);
      changes.push(projections.changesOf(touched.entries, touched.fields));
    });
    addCard(doc, { id: 'a', columnId: 'todo', title: 'first' });
    updateCard(doc, 'a', { title: 'second', dueDate: '2026-12-24T09:00:00Z' });
    // A key the strict schema does not know leaves the entry out until repaired: nothing is named.
    entryMaps(doc, CARDS).get('a')!.set('not-in-the-schema', 1);
    expect(changes.map((list) => list.map(({ data, written }) => [data !== null, written]))).toEqual([[[true, undefined]], [[true, ['title', 'dueDate']]], [[false, undefined]]]);
  });

  it('agrees with the full projection after every transaction of random edits, local and relayed', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const server = new Y.Doc();
      kanbanModel.seed(server);
      const remote = new Y.Doc();
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(server));
      server.on('update', (update: Uint8Array, origin: unknown) => origin !== remote && Y.applyUpdate(remote, update, server));
      remote.on('update', (update: Uint8Array, origin: unknown) => origin !== server && Y.applyUpdate(server, update, remote));
      if (seed % 2 === 0) {
        // Half the runs repair what clients write, as the server does: the repairs are transactions too.
        enforceModel(server, kanbanModel, { shouldCheck: (origin) => origin === CLIENT || origin === remote, actorOf: () => undefined, repairOrigin: REPAIR, onRepaired: () => {}, onRepairFailed: (error) => { throw error; } });
      }
      const projections = new EntryProjections(server, kanbanModel);
      for (let step = 0; step < 150; step++) {
        const where = next();
        // Some steps are several edits in one transaction, some are another replica's edits relayed in.
        if (where < 0.3) remote.transact(() => edit(remote, next));
        else if (where < 0.5) server.transact(() => [0, 1, 2].forEach(() => edit(server, next)), CLIENT);
        else server.transact(() => edit(server, next), CLIENT);
        // Only now and then: an entry may change many times between two projections.
        if (next() < 0.5) expect(incrementalProjection(server, projections), `seed ${seed}, step ${step}`).toEqual(fullProjection(server));
      }
    }
  });
});
