// Runs on a worker thread (see garbage-collection.ts), so folding a long log into a snapshot does not
// hold up the event loop that relays everyone's edits. Plain JavaScript: a worker thread loads it
// without the TypeScript loader, in `npm start` and in the tests alike.
import * as Y from 'yjs';

/**
 * The state the updates add up to, with deleted content reduced to its length, and its state
 * vector; with `compareWith`, also whether that state holds the same content (same clocks and
 * deletions) as the one given.
 */
export default function collectGarbage({ updates, compareWith }) {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const state = Y.encodeStateAsUpdate(doc);
  const stateVector = Y.encodeStateVector(doc);
  doc.destroy();
  return compareWith ? { state, stateVector, sameAsCompared: sameContent(compareWith, state) } : { state, stateVector };
}

function sameContent(a, b) {
  const [x, y] = [new Y.Doc(), new Y.Doc()];
  try {
    Y.applyUpdate(x, a);
    Y.applyUpdate(y, b);
    return Y.equalSnapshots(Y.snapshot(x), Y.snapshot(y));
  } finally {
    x.destroy();
    y.destroy();
  }
}
