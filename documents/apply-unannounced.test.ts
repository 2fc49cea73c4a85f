import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyUnannounced } from './apply-unannounced.js';

function storedBoard(): Uint8Array[] {
  const source = new Y.Doc();
  source.getMap('cards').set('a', 'first');
  const first = Y.encodeStateAsUpdate(source);
  const vector = Y.encodeStateVector(source);
  source.getMap('cards').set('b', 'second');
  return [first, Y.encodeStateAsUpdate(source, vector)];
}

describe('applyUnannounced', () => {
  it('applies every update in one transaction without an update event, and later updates are announced again', () => {
    const doc = new Y.Doc();
    const announced: Uint8Array[] = [];
    const announcedV2: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => announced.push(update));
    doc.on('updateV2', (update: Uint8Array) => announcedV2.push(update));
    const transactions: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    const observed: string[] = [];
    doc.getMap('cards').observe((event) => observed.push(...event.keysChanged));

    applyUnannounced(doc, storedBoard(), 'load');

    expect(doc.getMap('cards').toJSON()).toEqual({ a: 'first', b: 'second' });
    expect(announced).toEqual([]);
    expect(announcedV2).toEqual([]);
    expect(transactions).toEqual(['load']);
    expect(observed.sort()).toEqual(['a', 'b']);

    doc.getMap('cards').set('c', 'third');
    expect(announced).toHaveLength(1);
    expect(announcedV2).toHaveLength(1);
  });

  it('puts the listeners back when an update is malformed', () => {
    const doc = new Y.Doc();
    const announced: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => announced.push(update));
    expect(() => applyUnannounced(doc, [new Uint8Array([255, 255, 255])], 'load')).toThrow();
    doc.getMap('cards').set('a', 1);
    expect(announced).toHaveLength(1);
  });

  it('keeps a listener subscribed during the load', () => {
    const doc = new Y.Doc();
    const late: Uint8Array[] = [];
    doc.getMap('cards').observe(() => doc.on('update', (update: Uint8Array) => late.push(update)));
    applyUnannounced(doc, storedBoard(), 'load');
    const before = late.length;
    doc.getArray('other').push([1]);
    expect(late).toHaveLength(before + 1);
  });
});
