import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, rescheduleEvent } from '../documents/calendar/calendar.js';
import { modelFor } from '../documents/models.js';
import { type EntryChange, allEntries, entryEtag } from '../documents/projection.js';
import { type UpdateToStore, appendUpdates } from '../storage/document-log.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';

/**
 * The change feed's events of one commit holding several updates (the group commit takes all
 * that queued while the last one was written): each update's events are judged against the
 * state the earlier updates left, not against what the whole commit ends at.
 */
describe.each(BACKENDS)('the events of a commit of several updates: %s', (kind) => {
  let app: TestApp;
  let name: string;
  let actor: string;
  let ownerToken: string;
  let projectId: string;
  const update = Y.encodeStateAsUpdate(new Y.Doc());
  const calendar = new Y.Doc();
  /** The projected state of one of `calendar`'s events, as the log is given it. */
  const entryOf = (id: string): EntryChange => allEntries(calendar, modelFor('calendar')).find((entry) => entry.collection === 'events' && entry.id === id)!;
  /** A commit of a document other instances hold too (`shared`: it locks and merges). */
  const appendShared = (updates: UpdateToStore[]) => appendUpdates(app.db, updates, undefined, { shared: true });
  const events = async () =>
    (await app.db.query<{ type: string; entry_id: string; data: { with?: { eventId: string } } }>('SELECT type, entry_id, data FROM document_events WHERE document_name = $1 ORDER BY seq', [name])).rows;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    const api = client(app.url);
    const owner = await api.signIn();
    actor = `user:${owner.userId}`;
    ownerToken = owner.accessToken;
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Commits' } })).body.data.id;
    name = (await createDocument(api, owner.accessToken, projectId, 'calendar')).name;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('tells a clash once, at the update that makes it, when the other event comes in a later update of the same commit', async () => {
    addEvent(calendar, { id: 'premiere', title: 'Premiere', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', channel: 'youtube' });
    await appendUpdates(app.db, [{ name, update, entries: [entryOf('premiere')], actor }]);
    expect((await events()).filter((event) => event.type === 'event.conflicting')).toEqual([]);

    // One commit: the premiere moves to noon, then a teaser is added at noon on the same channel.
    // When the move is judged the teaser does not exist yet, though the table holds it by then.
    rescheduleEvent(calendar, 'premiere', { start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z' });
    const moved = entryOf('premiere');
    addEvent(calendar, { id: 'teaser', title: 'Teaser', start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z', channel: 'youtube' });
    await appendUpdates(app.db, [
      { name, update, entries: [moved], actor },
      { name, update, entries: [entryOf('teaser')], actor },
    ]);
    const clashes = (await events()).filter((event) => event.type === 'event.conflicting');
    expect(clashes).toEqual([expect.objectContaining({ entry_id: 'teaser', data: expect.objectContaining({ with: expect.objectContaining({ eventId: 'premiere' }) }) })]);

    // Both stored as the commit left them, and the move told as a move of the premiere.
    const stored = await app.db.query<{ entry_id: string; start: string }>("SELECT entry_id, data->>'start' AS start FROM document_entries WHERE document_name = $1 ORDER BY entry_id", [name]);
    expect(stored.rows).toEqual([
      { entry_id: 'premiere', start: '2026-12-01T12:00:00Z' },
      { entry_id: 'teaser', start: '2026-12-01T12:00:00Z' },
    ]);
    expect((await events()).map((event) => `${event.type} ${event.entry_id}`)).toContain('event.rescheduled premiere');
  });

  it("on a shared document, takes only the fields a commit wrote over what another instance committed meanwhile, and tells events from that", async () => {
    const board = (await createDocument(client(app.url), ownerToken, projectId, 'kanban')).name;
    const card = { id: 'c1', columnId: 'todo', title: 'Old' };
    const stored = async () =>
      (await app.db.query<{ data: Record<string, unknown>; etag: string }>("SELECT data, etag FROM document_entries WHERE document_name = $1 AND entry_id = 'c1'", [board])).rows[0]!;
    const told = async () => (await app.db.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM document_events WHERE document_name = $1 ORDER BY seq', [board])).rows;
    await appendUpdates(app.db, [{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: card }], actor }]);
    // Another instance moves the card.
    await appendUpdates(app.db, [{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, columnId: 'review' }, written: ['columnId'] }], actor }]);

    // This one (the document is shared) has not applied the move yet: it renames the card, then moves it on, in one commit.
    await appendShared([
      { name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, title: 'New' }, written: ['title'] }], actor },
      { name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, title: 'New', columnId: 'done' }, written: ['columnId'] }], actor },
    ]);
    const merged = { ...card, title: 'New', columnId: 'done' };
    expect(await stored()).toEqual({ data: merged, etag: entryEtag(merged) });
    expect((await told()).map((event) => [event.type, event.data.from, event.data.to])).toEqual([
      ['task.created', undefined, undefined],
      ['task.moved', 'todo', 'review'],
      ['task.moved', 'review', 'done'],
    ]);

    // A commit of a document no other instance holds writes as it always did.
    await appendUpdates(app.db, [{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...merged, title: 'Newer' }, written: ['title'] }], actor }]);
    expect((await stored()).data).toEqual({ ...merged, title: 'Newer' });
    expect(await told()).toHaveLength(3);

    // Between two renames of one commit, this instance applied another's move (since undone there):
    // the second rename's copy has it, the committed card does not. Neither is told as a move here.
    await appendShared([
      { name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...merged, title: 'A' }, written: ['title'] }], actor },
      { name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...merged, columnId: 'todo', title: 'B' }, written: ['title'] }], actor },
    ]);
    expect((await stored()).data).toEqual({ ...merged, title: 'B' });
    expect(await told()).toHaveLength(3);
  });

  it('on a shared document, takes a change made with every committed version applied as a whole, and keeps away an entry removed by one it had not', async () => {
    const board = (await createDocument(client(app.url), ownerToken, projectId, 'kanban')).name;
    const version = async () => Number((await app.db.query<{ version: string }>('SELECT version FROM documents WHERE name = $1', [board])).rows[0]!.version);
    const storedCard = async (id: string) => (await app.db.query<{ data: Record<string, unknown> }>('SELECT data FROM document_entries WHERE document_name = $1 AND entry_id = $2', [board, id])).rows[0]?.data;
    const told = async () => (await app.db.query<{ type: string; entry_id: string }>('SELECT type, entry_id FROM document_events WHERE document_name = $1 ORDER BY seq', [board])).rows.map((row) => `${row.type} ${row.entry_id}`);
    const card = { id: 'c1', columnId: 'todo', title: 'Card' };
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: card }, { collection: 'cards', id: 'c2', data: { ...card, id: 'c2' } }], actor }]);
    // Two instances moved c1 at once; the later commit (to done) is the one Yjs dropped.
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, columnId: 'review' }, written: ['columnId'] }], actor }]);
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, columnId: 'done' }, written: ['columnId'] }], actor, seenVersion: 1 }]);
    expect(await storedCard('c1')).toMatchObject({ columnId: 'done' });

    // A rename by an instance that has applied every commit: its copy (in review) is the board's.
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c1', data: { ...card, columnId: 'review', title: 'Renamed' }, written: ['title'] }], actor, seenVersion: await version() }]);
    expect(await storedCard('c1')).toEqual({ ...card, columnId: 'review', title: 'Renamed' });
    expect((await told()).slice(-1)).toEqual(['task.moved c1']);

    // c2 is removed; an instance that had not applied that renames it: it stays removed, and nothing is told.
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c2', data: null }], actor }]);
    const before = (await told()).length;
    await appendShared([{ name: board, update, entries: [{ collection: 'cards', id: 'c2', data: { ...card, id: 'c2', title: 'Too late' }, written: ['title'] }], actor, seenVersion: (await version()) - 1 }]);
    expect(await storedCard('c2')).toBeUndefined();
    expect(await told()).toHaveLength(before);
  });
});
