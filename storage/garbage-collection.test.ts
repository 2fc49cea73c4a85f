import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectGarbage, collectGarbageComparing } from './garbage-collection.js';

describe('garbage collection on a worker thread', () => {
  it('folds updates into the state they add up to, deleted content reduced to its length', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getMap('cards').set('a', 'x'.repeat(10_000));
    doc.getMap('cards').set('b', 'kept');
    doc.getMap('cards').delete('a');

    const { state, stateVector } = await collectGarbage(updates);

    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, state);
    expect(loaded.getMap('cards').toJSON()).toEqual({ b: 'kept' });
    expect(Y.decodeStateVector(stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(state.byteLength).toBeLessThan(1_000);
  });

  it('rejects a corrupt update instead of taking the process down', async () => {
    const doc = new Y.Doc();
    doc.getMap('cards').set('a', 'x');
    const truncated = Y.encodeStateAsUpdate(doc).subarray(0, 5);
    await expect(collectGarbage([truncated])).rejects.toThrow();
    // The thread is still there for the next document.
    await expect(collectGarbage([Y.encodeStateAsUpdate(doc)])).resolves.toMatchObject({ state: expect.any(Uint8Array) });
  });

  it('compares the folded state with a previous one on the thread: same content however encoded, and a deletion alone differs', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getMap('cards').set('a', 'first');
    doc.getMap('cards').set('b', 'second');
    const { state } = await collectGarbage(updates);

    await expect(collectGarbageComparing(updates, state)).resolves.toMatchObject({ sameAsPrevious: true });
    // The same content encoded without garbage collection, in one update.
    await expect(collectGarbageComparing(updates, Y.encodeStateAsUpdate(doc))).resolves.toMatchObject({ sameAsPrevious: true });

    // A deletion moves no clock: only the delete sets tell the states apart.
    doc.getMap('cards').delete('a');
    const afterDeletion = await collectGarbageComparing(updates, state);
    expect(afterDeletion.sameAsPrevious).toBe(false);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, afterDeletion.state);
    expect(loaded.getMap('cards').toJSON()).toEqual({ b: 'second' });
  });
});
