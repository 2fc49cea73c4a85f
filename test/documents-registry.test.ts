import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendUpdates, compactDocument } from '../storage/document-log.js';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { DEFAULT_COLUMNS } from '../documents/kanban/model.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { type DocumentRecord, createDocument } from './helpers/documents.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';

describe.each(BACKENDS)('the document registry: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let projectId: string;
  const providers: ConnectedProvider[] = [];
  const docs = () => `/api/projects/${projectId}/documents`;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Registry' } })).body.data.id;
  });
  afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));
  afterAll(async () => {
    await app.stop();
  });

  function open(name: string, token = owner.accessToken) {
    const provider = connectProvider(app.wsUrl, name, token);
    providers.push(provider);
    return provider;
  }

  async function member(role: string): Promise<SignedIn> {
    const person = await api.signIn();
    expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
    return person;
  }

  async function storedUpdates(name: string): Promise<number> {
    const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM document_updates WHERE document_name = $1', [name]);
    return Number(rows[0]!.n);
  }

  it('creates a seeded document whose name opens it on /collab', async () => {
    const created = await api.call<DocumentRecord>('POST', docs(), { token: owner.accessToken, body: { kind: 'kanban', title: 'Launch' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ kind: 'kanban', projectId, title: 'Launch', createdBy: owner.userId, archivedAt: null });
    expect(created.body.data.name).toBe(`kanban:${projectId}:${created.body.data.id}`);
    expect(created.body.data.sizeBytes).toBeGreaterThan(0);
    const board = open(created.body.data.name);
    await board.synced;
    expect(readBoard(board.doc).columns.map((column) => column.title)).toEqual(['To do', 'In progress', 'Review', 'Done']);
  });

  it('is idempotent: retries and a race of 20 creates make one document with one seed', async () => {
    const first = await api.call<DocumentRecord>('POST', docs(), { token: owner.accessToken, body: { kind: 'kanban', title: 'Once', id: 'once' } });
    const retry = await api.call<DocumentRecord>('POST', docs(), { token: owner.accessToken, body: { kind: 'kanban', title: 'Once again', id: 'once' } });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.data).toEqual(first.body.data);
    expect(await storedUpdates(first.body.data.name)).toBe(1);
    const once = open(first.body.data.name);
    await once.synced;
    expect(readBoard(once.doc).columns.map((column) => column.id)).toEqual(DEFAULT_COLUMNS.map((column) => column.id));

    const race = await Promise.all(
      Array.from({ length: 20 }, () => api.call<DocumentRecord>('POST', docs(), { token: owner.accessToken, body: { kind: 'kanban', title: 'Raced', id: 'raced' } })),
    );
    expect(race.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(race.filter((reply) => reply.status === 200)).toHaveLength(19);
    const name = `kanban:${projectId}:raced`;
    expect(await storedUpdates(name)).toBe(1);
    const board = open(name);
    await board.synced;
    expect(readBoard(board.doc).columns).toHaveLength(4);

    const taken = await api.call('POST', docs(), { token: owner.accessToken, body: { kind: 'calendar', title: 'Clash', id: 'raced' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('DOCUMENT_ID_TAKEN');
  });

  it('validates input with stable codes and writes nothing on error', async () => {
    const before = (await api.call<DocumentRecord[]>('GET', `${docs()}?limit=100`, { token: owner.accessToken })).body.meta?.total;
    for (const body of [{ kind: 'spreadsheet', title: 'x' }, { kind: 'kanban', title: '' }, { kind: 'kanban', title: 'x', id: 'has space' }, { kind: 'kanban', title: 'x', extra: 1 }]) {
      const reply = await api.call('POST', docs(), { token: owner.accessToken, body });
      expect(reply.status).toBe(422);
      expect(reply.body.error?.code).toBe('VALIDATION_FAILED');
    }
    expect((await api.call('GET', `${docs()}?kind=nope`, { token: owner.accessToken })).status).toBe(422);
    expect((await api.call('GET', `${docs()}/no-such-doc`, { token: owner.accessToken })).body.error?.code).toBe('DOCUMENT_NOT_FOUND');
    expect((await api.call<DocumentRecord[]>('GET', `${docs()}?limit=100`, { token: owner.accessToken })).body.meta?.total).toBe(before);
  });

  it('lists with paging and a kind filter; renames; archives and restores idempotently', async () => {
    const listing = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM documents WHERE project_id = $1 AND archived_at IS NULL', [projectId]);
    const existing = Number(listing.rows[0]!.n);
    for (let i = 0; i < 3; i++) await createDocument(api, owner.accessToken, projectId, 'calendar', { id: `cal${i}`, title: `Calendar ${i}` });
    const calendars = await api.call<DocumentRecord[]>('GET', `${docs()}?kind=calendar&limit=2`, { token: owner.accessToken });
    expect(calendars.body.meta).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect(calendars.body.data.map((d) => d.id)).toEqual(['cal2', 'cal1']);
    const page2 = await api.call<DocumentRecord[]>('GET', `${docs()}?kind=calendar&limit=2&page=2`, { token: owner.accessToken });
    expect(page2.body.data.map((d) => d.id)).toEqual(['cal0']);
    expect((await api.call<DocumentRecord[]>('GET', docs(), { token: owner.accessToken })).body.meta?.total).toBe(existing + 3);

    const renamed = await api.call<DocumentRecord>('PUT', `${docs()}/cal0`, { token: owner.accessToken, body: { title: 'Q1 content' } });
    expect(renamed.body.data.title).toBe('Q1 content');
    for (let i = 0; i < 2; i++) {
      const archived = await api.call<DocumentRecord>('DELETE', `${docs()}/cal0`, { token: owner.accessToken });
      expect(archived.status).toBe(200);
      expect(archived.body.data.archivedAt).not.toBeNull();
    }
    expect((await api.call<DocumentRecord[]>('GET', `${docs()}?kind=calendar`, { token: owner.accessToken })).body.meta?.total).toBe(2);
    // Still readable by id, so a client can show it as archived and offer a restore.
    const archivedOne = await api.call<DocumentRecord>('GET', `${docs()}/cal0`, { token: owner.accessToken });
    expect(archivedOne.status).toBe(200);
    expect(archivedOne.body.data.archivedAt).not.toBeNull();
    expect((await api.call<DocumentRecord[]>('GET', `${docs()}?kind=calendar&archived=true`, { token: owner.accessToken })).body.data.map((d) => d.id)).toEqual(['cal0']);
    const restored = await api.call<DocumentRecord>('POST', `${docs()}/cal0/restore`, { token: owner.accessToken });
    expect(restored.body.data.archivedAt).toBeNull();
    const audit = await api.call<{ action: string }[]>('GET', `/api/projects/${projectId}/audit?limit=100`, { token: owner.accessToken });
    const actions = audit.body.data.map((entry) => entry.action);
    expect(actions.filter((action) => action === 'document.archived')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['document.created', 'document.renamed', 'document.restored']));
  });

  it('gives each role its rights: viewers read, commenters create annotations only, outsiders see nothing', async () => {
    const viewer = await member('viewer');
    const commenter = await member('commenter');
    const outsider = await api.signIn();
    expect((await api.call('GET', docs(), { token: viewer.accessToken })).status).toBe(200);
    expect((await api.call('POST', docs(), { token: viewer.accessToken, body: { kind: 'annotations', title: 'x' } })).status).toBe(403);
    expect((await api.call('POST', docs(), { token: commenter.accessToken, body: { kind: 'kanban', title: 'x' } })).status).toBe(403);
    const notes = await api.call<DocumentRecord>('POST', docs(), { token: commenter.accessToken, body: { kind: 'annotations', title: 'Notes' } });
    expect(notes.status).toBe(201);
    expect((await api.call('DELETE', `${docs()}/${notes.body.data.id}`, { token: viewer.accessToken })).status).toBe(403);
    expect((await api.call('GET', docs(), { token: outsider.accessToken })).status).toBe(404);
    expect((await api.call('POST', docs(), { token: outsider.accessToken, body: { kind: 'kanban', title: 'x' } })).status).toBe(404);
  });

  it('keeps updated time and size current as people edit', async () => {
    const created = await createDocument(api, owner.accessToken, projectId, 'kanban', { title: 'Busy' });
    const board = open(created.name);
    await board.synced;
    addCard(board.doc, { id: 'big', columnId: 'todo', title: 'Big', description: 'x'.repeat(5_000) });
    await board.saved.whenSaved();
    const after = await api.call<DocumentRecord>('GET', `${docs()}/${created.id}`, { token: owner.accessToken });
    expect(after.body.data.sizeBytes).toBeGreaterThan(created.sizeBytes + 5_000);
    expect(new Date(after.body.data.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
  });

  async function sizeOf(name: string): Promise<number> {
    const { rows } = await app.db.query<{ size_bytes: string }>('SELECT size_bytes FROM documents WHERE name = $1', [name]);
    return Number(rows[0]!.size_bytes);
  }

  it('adds each document its own bytes when one batch spans several, and compaction measures the real size', async () => {
    const [a, b] = [await createDocument(api, owner.accessToken, projectId, 'calendar'), await createDocument(api, owner.accessToken, projectId, 'pipeline')];
    const change = (text: string) => {
      const doc = new Y.Doc();
      doc.getMap('notes').set('n', text);
      return Y.encodeStateAsUpdate(doc);
    };
    const [a1, a2, b1] = [change('x'.repeat(100)), change('y'.repeat(300)), change('z'.repeat(50))];
    // A name nobody registered (a document opened before the registry existed) changes nothing.
    await appendUpdates(app.db, [
      { name: a.name, update: a1 },
      { name: b.name, update: b1 },
      { name: a.name, update: a2 },
      { name: `kanban:${projectId}:unregistered`, update: b1 },
    ]);
    expect(await sizeOf(a.name)).toBe(a.sizeBytes + a1.byteLength + a2.byteLength);
    expect(await sizeOf(b.name)).toBe(b.sizeBytes + b1.byteLength);

    const compaction = await compactDocument(app.db, a.name);
    const snapshot = await app.db.query<{ n: number }>('SELECT octet_length(state) AS n FROM document_snapshots WHERE document_name = $1', [a.name]);
    expect(compaction).toEqual({ snapshotBytes: Number(snapshot.rows[0]!.n), storedBytes: Number(snapshot.rows[0]!.n) });
    expect(await sizeOf(a.name)).toBe(Number(snapshot.rows[0]!.n));
    await appendUpdates(app.db, [{ name: a.name, update: a1 }]);
    expect(await sizeOf(a.name)).toBe(Number(snapshot.rows[0]!.n) + a1.byteLength);
  });

  it('stores a batch spanning more documents than one statement has parameters', async () => {
    // Two parameters per document would pass PostgreSQL's 65,535 here; the log would then retry that
    // batch (and everything queued behind it) forever.
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    await appendUpdates(app.db, Array.from({ length: 33_000 }, (_, i) => ({ name: `kanban:${projectId}:bulk-${i}`, update: empty })));
    expect(await storedUpdates(`kanban:${projectId}:bulk-32999`)).toBe(1);
  });
});
