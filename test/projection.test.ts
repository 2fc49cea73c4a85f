import { describe, expect, it } from 'vitest';
import { addCard, archiveCard, moveCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { PROJECTION_VERSION } from '../documents/projection.js';
import { queryEntries } from '../storage/entry-queries.js';
import { rebuildStaleProjections } from '../storage/projection-rebuild.js';
import { harness } from './helpers/collab-harness.js';
import { silentLogger } from './helpers/logger.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 10_000, interval: 20 };

describe.each(BACKENDS)('the per-entry projection: %s', (kind) => {
  const h = harness(kind);

  const projected = async (name: string) => {
    const boardId = name.split(':')[2]!;
    const page = await queryEntries(h.app.db, { projectIds: [h.projectId], kind: 'kanban', collection: 'cards', documentIds: [boardId], limit: 1_000 });
    return Object.fromEntries(page.rows.map((row) => [row.entryId, row.data]));
  };

  it('holds what readers see after every committed change, and nothing of what they do not', async () => {
    const name = await h.createBoard('Projected');
    const client = h.open(name, h.owner.accessToken);
    await client.synced;
    addCard(client.doc, { id: 'a', columnId: 'todo', title: 'A' });
    addCard(client.doc, { id: 'b', columnId: 'todo', title: 'B' });
    moveCard(client.doc, 'a', 'done');
    updateCard(client.doc, 'b', { labels: ['x'] });
    archiveCard(client.doc, 'b');
    client.doc.getMap('cards').delete('a');
    await client.saved.whenSaved();
    const rows = await projected(name);
    expect(Object.keys(rows)).toEqual(['b']);
    expect(rows.b).toMatchObject({ id: 'b', columnId: 'todo', labels: ['x'], archived: true });
    const columns = await queryEntries(h.app.db, { projectIds: [h.projectId], kind: 'kanban', collection: 'columns', limit: 10 });
    expect(columns.rows.filter((row) => row.documentName === name).map((row) => row.entryId).sort()).toEqual(['done', 'in-progress', 'review', 'todo']);
  });

  it('projects the first entry a socket writes into a root the loaded document never had', async () => {
    // A fresh board has no cards root until someone writes one; its first card must be listed all the same.
    const name = await h.createBoard('First');
    const client = h.open(name, h.owner.accessToken);
    await client.synced;
    addCard(client.doc, { id: 'first', columnId: 'todo', title: 'First' });
    await client.saved.whenSaved();
    expect(Object.keys(await projected(name))).toEqual(['first']);
  });

  it('is rebuilt for documents written before it existed', async () => {
    const name = await h.createBoard('Old');
    const client = h.open(name, h.owner.accessToken);
    await client.synced;
    for (let n = 0; n < 5; n++) addCard(client.doc, { id: `c${n}`, columnId: 'review', title: `Card ${n}` });
    await client.saved.whenSaved();
    client.destroy();
    await h.app.db.query('DELETE FROM document_entries WHERE document_name = $1', [name]);
    await h.app.db.query('UPDATE documents SET projection_version = 0 WHERE name = $1', [name]);
    expect(await projected(name)).toEqual({});
    expect(await rebuildStaleProjections(h.app.db, silentLogger, new AbortController().signal)).toBeGreaterThanOrEqual(1);
    expect(Object.keys(await projected(name)).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const version = await h.app.db.query<{ projection_version: number }>('SELECT projection_version FROM documents WHERE name = $1', [name]);
    expect(version.rows[0]!.projection_version).toBe(PROJECTION_VERSION);
    // A document loaded while behind (this one was unloaded when its last client left) rebuilds itself on load.
    await h.app.db.query('UPDATE documents SET projection_version = 0 WHERE name = $1', [name]);
    await h.app.db.query('DELETE FROM document_entries WHERE document_name = $1', [name]);
    const reader = h.open(name, h.owner.accessToken);
    await reader.synced;
    expect(readBoard(reader.doc).columns.find((c) => c.id === 'review')!.cards).toHaveLength(5);
    await expect.poll(async () => Object.keys(await projected(name)).length, POLL).toBe(5);
  });
});
