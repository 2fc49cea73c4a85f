// Runs on a worker thread (see garbage-collection.ts), so folding a long log into a snapshot does not
// hold up the event loop that relays everyone's edits. Plain JavaScript: a worker thread loads it
// without the TypeScript loader, in `npm start` and in the tests alike.
import * as Y from 'yjs';

/** The state the updates add up to, with deleted content reduced to its length, and its state vector. */
export default function collectGarbage(updates) {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const state = Y.encodeStateAsUpdate(doc);
  const stateVector = Y.encodeStateVector(doc);
  doc.destroy();
  return { state, stateVector };
}
