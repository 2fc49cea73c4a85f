/** Workload 9's seed: a board's cards written straight through the storage layer. */
import * as Y from 'yjs';
import { addCard } from '../../documents/kanban/board.js';
import { kanbanModel } from '../../documents/kanban/model.js';
import { allEntries } from '../../documents/projection.js';
import { COLUMN_IDS } from './task-api.js';

/**
 * One board's cards as one Yjs update through the storage layer's single writer (`appendUpdates`,
 * what the collab server's group commit calls): the update, the client-id claim of the writer
 * (as the server's own) and the entries it changed, in one transaction. The board was created
 * over REST, so its seed is in the log; nothing of it is loaded in the server.
 */
export async function seedBoard(db: import('../../platform/db/database.js').Database, name: string, board: number, cards: number): Promise<void> {
  const { appendUpdates, loadDocument } = await import('../../storage/document-log.js');
  const { SERVER_OWNER } = await import('../../storage/client-ids.js');
  const doc = new Y.Doc();
  const stored = await loadDocument(db, name);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.transact(() => {
    for (let i = 0; i < cards; i++) {
      // 1 card in 100 mentions the launch: the text filter's matches are spread over every board.
      const title = i % 100 === 7 ? `Launch checklist ${board}-${i}` : `Card ${board}-${i}: draft, review, publish`;
      addCard(doc, { id: `c${i}`, columnId: COLUMN_IDS[i % COLUMN_IDS.length]!, title, labels: i % 10 === 0 ? ['video'] : [], description: `Card ${i} of board ${board}` });
    }
  });
  if (updates.length !== 1) throw new Error(`seeding ${name}: expected one update, got ${updates.length}`);
  await appendUpdates(db, [{ name, update: updates[0]!, claims: [{ name, client: doc.clientID, owner: SERVER_OWNER, claimedAt: new Date() }], entries: allEntries(doc, kanbanModel) }]);
  doc.destroy();
}
