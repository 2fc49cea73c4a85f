import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addComment, readBoard, updateCard } from '../documents/kanban/board.js';
import { compactDocument } from '../storage/document-log.js';
import { pruneVersions } from '../storage/document-versions.js';
import { type TestApp, startTestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 50 };

interface Version {
  id: string;
  seq: string;
  kind: 'auto' | 'named' | 'before-restore';
  label: string | null;
  createdBy: string;
}

/** Cards as the board shows them: id, title, column, and their comments' authors and bodies. */
const shape = (doc: Y.Doc) =>
  readBoard(doc).columns.flatMap((column) => column.cards.map((card) => ({ id: card.id, title: card.title, column: column.id, comments: card.comments.map((comment) => `${comment.authorId}:${comment.body}`) })));

/**
 * Document history: automatic checkpoints and named versions kept apart from the update log (so
 * compaction cannot take them), a past version read through the model, who changed what between
 * two versions, and a restore that is a new change: connected clients stay and converge, the
 * state before it is saved, entries come back with their own authors.
 */
describe.each(BACKENDS)('document history: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let carol: SignedIn;
  let vera: SignedIn;
  let cora: SignedIn;
  let projectId: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { HISTORY_QUIET_SECONDS: '1', HISTORY_CHECKPOINT_UPDATES: '1000' });
    api = client(app.url);
    [owner, carol, vera, cora] = [await api.signIn(), await api.signIn(), await api.signIn(), await api.signIn()];
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'History' } })).body.data.id;
    await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: carol.email, role: 'editor' } });
    await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: cora.email, role: 'commenter' } });
    await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: vera.email, role: 'viewer' } });
  });
  afterAll(async () => {
    cleanups.forEach((cleanup) => cleanup());
    await app.stop();
  });

  const versionsOf = async (documentId: string, token = owner.accessToken) =>
    (await api.call<{ versions: Version[]; next: string | null }>('GET', `/api/projects/${projectId}/documents/${documentId}/versions`, { token })).body.data.versions;

  it('checkpoints after a quiet spell, names versions, restores one as a new change that clients follow', async () => {
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban');
    const base = `/api/projects/${projectId}/documents/${board.id}/versions`;
    const ownerDoc = connectProvider(app.wsUrl, board.name, owner.accessToken);
    const carolDoc = connectProvider(app.wsUrl, board.name, carol.accessToken);
    cleanups.push(() => ownerDoc.destroy(), () => carolDoc.destroy());
    await Promise.all([ownerDoc.synced, carolDoc.synced]);

    addCard(ownerDoc.doc, { id: 'a', columnId: 'todo', title: 'Script' });
    addCard(ownerDoc.doc, { id: 'b', columnId: 'todo', title: 'Shoot' });
    await expect.poll(() => ownerDoc.saved.saved, POLL).toBe(true);
    await expect.poll(() => readBoard(carolDoc.doc).columns.flatMap((column) => column.cards).length, POLL).toBe(2);
    // Carol's comment carries her id (the server stamps authors).
    addComment(carolDoc.doc, { id: 'c1', cardId: 'b', authorId: carol.userId, body: 'Golden hour please', at: '2026-12-02T09:00:00Z' });
    await expect.poll(() => carolDoc.saved.saved, POLL).toBe(true);

    // Quiet for HISTORY_QUIET_SECONDS: an automatic checkpoint.
    await expect.poll(async () => (await versionsOf(board.id)).filter((version) => version.kind === 'auto').length, POLL).toBeGreaterThanOrEqual(1);
    const named = await api.call<Version>('POST', base, { token: owner.accessToken, body: { label: 'Two cards and a comment' } });
    expect(named.status).toBe(201);
    expect(named.body.data).toMatchObject({ kind: 'named', label: 'Two cards and a comment', createdBy: `user:${owner.userId}` });
    const atVersion = JSON.stringify(shape(ownerDoc.doc));

    // Later: a card removed, one renamed, one added, Carol's comment removed by the owner (who may remove anyone's).
    ownerDoc.doc.transact(() => {
      ownerDoc.doc.getMap('cards').delete('a');
      ownerDoc.doc.getMap('comments').delete('c1');
    });
    updateCard(ownerDoc.doc, 'b', { title: 'Shoot at dawn' });
    addCard(ownerDoc.doc, { id: 'c', columnId: 'done', title: 'Edit' });
    await expect.poll(() => ownerDoc.saved.saved, POLL).toBe(true);
    expect(JSON.stringify(shape(ownerDoc.doc))).not.toBe(atVersion);

    // The version reads as it was.
    const read = await api.call<{ content: ReturnType<typeof readBoard> }>('GET', `${base}/${named.body.data.id}`, { token: vera.accessToken });
    expect(read.status).toBe(200);
    expect(read.body.data.content.columns.flatMap((column) => column.cards.map((card) => card.title)).sort()).toEqual(['Script', 'Shoot']);

    // Who changed what since the first checkpoint, from the change feed, with names.
    const first = (await versionsOf(board.id)).at(-1)!;
    const changes = await api.call<{ changes: { type: string; entryId: string; actorName: string }[] }>('GET', `${base}/${named.body.data.id}/changes?since=${first.id}`, { token: owner.accessToken });
    expect(changes.status).toBe(200);
    const everything = await api.call<{ changes: { type: string; entryId: string; actor: string }[] }>('GET', `${base}/${named.body.data.id}/changes`, { token: owner.accessToken });
    expect(everything.body.data.changes.filter((change) => change.type === 'task.created').map((change) => change.entryId).sort()).toEqual(['a', 'b']);
    expect(everything.body.data.changes.some((change) => change.type === 'task.commented' && change.actor === `user:${carol.userId}`)).toBe(true);

    // Restored: both connected clients converge to the version, and stay connected.
    const restored = await api.call<{ added: number; changed: number; removed: number; savedBefore: string }>('POST', `${base}/${named.body.data.id}/restore`, { token: owner.accessToken });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ added: 2, changed: 1, removed: 1 });
    await expect.poll(() => JSON.stringify(shape(carolDoc.doc)), POLL).toBe(atVersion);
    await expect.poll(() => JSON.stringify(shape(ownerDoc.doc)), POLL).toBe(atVersion);
    // Carol's comment is hers again, not the restorer's.
    expect(shape(ownerDoc.doc).find((card) => card.id === 'b')!.comments).toEqual([`${carol.userId}:Golden hour please`]);
    expect(carolDoc.socketCloses).toEqual([]);
    const reader = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    expect(JSON.stringify(shape(reader.doc))).toBe(atVersion);

    // The state before the restore was saved: restoring it undoes the restore.
    const before = (await versionsOf(board.id)).find((version) => version.id === restored.body.data.savedBefore)!;
    expect(before.kind).toBe('before-restore');
    await api.call('POST', `${base}/${before.id}/restore`, { token: owner.accessToken });
    await expect.poll(() => shape(carolDoc.doc).map((card) => card.title).sort(), POLL).toEqual(['Edit', 'Shoot at dawn']);

    const audited = await app.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'document.version_restored' AND target = $1", [board.name]);
    expect(Number(audited.rows[0]!.n)).toBe(2);
  });

  it('keeps versions through compaction, prunes old automatic checkpoints and keeps named ones', async () => {
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban', { title: 'Compacted' });
    const base = `/api/projects/${projectId}/documents/${board.id}/versions`;
    const writer = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => writer.destroy());
    await writer.synced;
    for (let i = 0; i < 5; i++) addCard(writer.doc, { id: `k${i}`, columnId: 'todo', title: `Card ${i}` });
    await expect.poll(() => writer.saved.saved, POLL).toBe(true);
    const named = (await api.call<Version>('POST', base, { token: owner.accessToken, body: { label: 'Five' } })).body.data;
    for (let i = 0; i < 5; i++) updateCard(writer.doc, `k${i}`, { title: `Renamed ${i}` });
    await expect.poll(() => writer.saved.saved, POLL).toBe(true);
    await expect.poll(async () => (await versionsOf(board.id)).some((version) => version.kind === 'auto'), POLL).toBe(true);

    expect(await compactDocument(app.db, board.name)).not.toBeNull();
    const read = await api.call<{ content: ReturnType<typeof readBoard> }>('GET', `${base}/${named.id}`, { token: owner.accessToken });
    expect(read.body.data.content.columns.flatMap((column) => column.cards.map((card) => card.title)).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `Card ${i}`));

    await app.db.query("UPDATE document_versions SET created_at = now() - interval '40 days' WHERE document_name = $1", [board.name]);
    expect(await pruneVersions(app.db, 30)).toBeGreaterThanOrEqual(1);
    const left = await versionsOf(board.id);
    expect(left.map((version) => version.kind)).toEqual(['named']);
  });

  it('refuses what it must: roles, other documents, bad input', async () => {
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban', { title: 'Guarded' });
    const other = await createDocument(api, owner.accessToken, projectId, 'kanban', { title: 'Other' });
    const base = `/api/projects/${projectId}/documents/${board.id}/versions`;
    const version = (await api.call<Version>('POST', base, { token: owner.accessToken, body: { label: 'v1' } })).body.data;

    // A viewer reads history but neither names nor restores; a commenter may not restore a board.
    expect((await api.call('GET', base, { token: vera.accessToken })).status).toBe(200);
    expect((await api.call('POST', base, { token: vera.accessToken, body: { label: 'mine' } })).status).toBe(403);
    expect((await api.call('POST', `${base}/${version.id}/restore`, { token: vera.accessToken })).status).toBe(403);
    expect((await api.call('POST', `${base}/${version.id}/restore`, { token: cora.accessToken })).status).toBe(403);
    // Someone outside the project, a version of another document, a version that does not exist.
    const stranger = await api.signIn();
    expect((await api.call('GET', `${base}/${version.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api.call('POST', `${base}/${version.id}/restore`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api.call('GET', `/api/projects/${projectId}/documents/${other.id}/versions/${version.id}`, { token: owner.accessToken })).status).toBe(404);
    expect((await api.call('POST', `/api/projects/${projectId}/documents/${other.id}/versions/${version.id}/restore`, { token: owner.accessToken })).status).toBe(404);
    expect((await api.call('GET', `${base}/00000000-0000-4000-8000-000000000000`, { token: owner.accessToken })).status).toBe(404);
    // Bad input: a version id that is not one, a label too long or with a NUL byte, an unknown field.
    for (const [path, method, body] of [
      [`${base}/not-a-uuid`, 'GET', undefined],
      [`${base}/not-a-uuid/restore`, 'POST', undefined],
      [base, 'POST', { label: 'x'.repeat(5_000) }],
      [base, 'POST', { label: 'bad\u0000label' }],
      [base, 'POST', { label: 'ok', extra: true }],
      [`${base}?before=abc`, 'GET', undefined],
    ] as const) {
      const reply = await api.call(method, path, { token: owner.accessToken, ...(body ? { body } : {}) });
      expect(reply.status, `${method} ${path}`).toBe(422);
    }
  });
});
