import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectGarbage } from './garbage-collection.js';

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
});
