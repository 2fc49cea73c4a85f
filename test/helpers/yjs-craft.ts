import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Hand-made Yjs updates (format v1) that no honest client produces but any socket can send:
 * garbage-collected ranges for arbitrary client ids and clocks, and deletions.
 */
export function gcUpdate(ranges: readonly { client: number; clock: number; length: number }[], deletions: readonly { client: number; clock: number; length: number }[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, ranges.length);
  for (const range of ranges) {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, range.client);
    encoding.writeVarUint(encoder, range.clock);
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, range.length);
  }
  encoding.writeVarUint(encoder, deletions.length);
  for (const deletion of deletions) {
    encoding.writeVarUint(encoder, deletion.client);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, deletion.clock);
    encoding.writeVarUint(encoder, deletion.length);
  }
  return encoding.toUint8Array(encoder);
}

/** `update` without its first `clock` units of `client`: what is left depends on content never sent. */
export function withoutStart(update: Uint8Array, client: number, clock: number): Uint8Array {
  return Y.diffUpdate(update, Y.encodeStateVector(new Map([[client, clock]])));
}

/**
 * A fresh client id's update to `root`: a one-character entry at clock 0, then an entry with a
 * `size`-character value at clock 1 (so `withoutStart(update, clientID, 1)` leaves only the big one).
 */
export function contentUpdate(root: string, size: number, clientID = Math.floor(Math.random() * 2 ** 31)): { update: Uint8Array; clientID: number } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getMap(root).set('first', 'x');
  doc.getMap(root).set('k', 'x'.repeat(size));
  return { update: Y.encodeStateAsUpdate(doc), clientID };
}

/** What `edit` adds to a copy of `doc` under someone else's `clientID`: an update any member could send. */
export function writtenAs(doc: Y.Doc, clientID: number, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  edit(copy);
  return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc));
}
