import * as encoding from 'lib0/encoding';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { addCard, readBoard, updateCard } from '../../documents/kanban/board.js';
import { loadDocument } from '../../storage/document-log.js';
import { type Harness, frame } from './collab-harness.js';

// What the hostile-client suites share: what the server stored, two honest bystanders, crafted presence.

const POLL = { timeout: 10_000, interval: 20 };

/** What the server has stored for a document (snapshot and log), replayed into a fresh replica. */
export async function stored(h: Harness, name: string): Promise<{ doc: Y.Doc; bytes: number }> {
  const { updates, storedBytes } = await loadDocument(h.app.db, name);
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return { doc, bytes: storedBytes };
}

/** Two honest people on the board, one card; `stillWork` checks they keep syncing and saving. */
export async function bystanders(h: Harness, name: string) {
  const a = h.open(name, h.owner.accessToken);
  const b = h.open(name, h.owner.accessToken);
  await Promise.all([a.synced, b.synced]);
  addCard(a.doc, { id: 'kept', columnId: 'todo', title: 'Kept' });
  await a.saved.whenSaved();
  return {
    a,
    b,
    async stillWork(marker: string) {
      updateCard(b.doc, 'kept', { title: marker });
      await expect.poll(() => readBoard(a.doc).columns[0]!.cards.find((card) => card.id === 'kept')?.title, POLL).toBe(marker);
      await b.saved.whenSaved();
      expect(readBoard((await stored(h, name)).doc)).toEqual(readBoard(a.doc));
      expect(a.socketCloses).toEqual([]);
      expect(b.socketCloses).toEqual([]);
    },
  };
}

/** A presence message (clock 1) with the same state for each of `clientIds`. */
export function presenceFrame(name: string, clientIds: readonly number[], json: string): Uint8Array {
  return frame(name, (e) => {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, clientIds.length);
    for (const id of clientIds) {
      encoding.writeVarUint(update, id);
      encoding.writeVarUint(update, 1);
      encoding.writeVarString(update, json);
    }
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
  });
}
