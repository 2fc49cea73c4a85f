import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';
import { addColumn, readBoard, renameColumn } from '../documents/kanban/board.js';

const METRICS_TOKEN = 'metrics-token-for-collab-access-0123';

/** Every collaborative document is guarded by the same verifier and role table as REST. */
describe.each(BACKENDS)('who may open a collaborative document: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let projectId: string;
  const providers: ReturnType<typeof connectProvider>[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', METRICS_TOKEN });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Collab' } })).body.data.id;
    for (const [kind, id] of [['kanban', 'b1'], ['kanban', 'roles'], ['annotations', 'doc1'], ['kanban', 'b2'], ['pipeline', 'p1']] as const) {
      await createDocument(api, owner.accessToken, projectId, kind, { id });
    }
  });
  afterAll(async () => {
    providers.forEach((p) => p.destroy());
    await app.stop();
  });

  function open(name: string, token: string, headers?: Record<string, string>) {
    const provider = connectProvider(app.wsUrl, name, token, { headers });
    providers.push(provider);
    return provider;
  }

  async function member(role: string): Promise<SignedIn> {
    const person = await api.signIn();
    const added = await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } });
    expect(added.status).toBe(201);
    return person;
  }

  it('refuses a connection without valid credentials', async () => {
    await expect(open(`kanban:${projectId}:b1`, '').denied).resolves.toBe('unauthorized');
    await expect(open(`kanban:${projectId}:b1`, 'forged.jwt.value').denied).resolves.toBe('unauthorized');
  });

  it('refuses a non-member, and answers not-found for a project that does not exist', async () => {
    const outsider = await api.signIn();
    await expect(open(`kanban:${projectId}:b1`, outsider.accessToken).denied).resolves.toBe('forbidden');
    await expect(open('kanban:00000000-0000-4000-8000-000000000000:b1', outsider.accessToken).denied).resolves.toBe('not-found');
  });

  it('tells members, and only members, that a document was never created or is archived', async () => {
    const outsider = await api.signIn();
    await expect(open(`kanban:${projectId}:never-created`, owner.accessToken).denied).resolves.toBe('document-not-found');
    await expect(open(`kanban:${projectId}:never-created`, outsider.accessToken).denied).resolves.toBe('forbidden');
    // The id exists, but as another kind: that name was never created either.
    await expect(open(`calendar:${projectId}:b1`, owner.accessToken).denied).resolves.toBe('document-not-found');
    const gone = await createDocument(api, owner.accessToken, projectId, 'kanban', { id: 'to-archive' });
    const live = open(gone.name, owner.accessToken);
    await live.synced;
    expect((await api.call('DELETE', `/api/projects/${projectId}/documents/to-archive`, { token: owner.accessToken })).status).toBe(200);
    await expect(live.closed).resolves.toBe('document-not-found');
    await expect(open(gone.name, owner.accessToken).denied).resolves.toBe('document-not-found');
  });

  it('gives writers read-write and viewers read-only; a viewer’s edits never reach others', async () => {
    const editor = await member('editor');
    const viewer = await member('viewer');
    const name = `kanban:${projectId}:roles`;
    const writer = open(name, editor.accessToken);
    const reader = open(name, viewer.accessToken);
    await expect(writer.authenticated).resolves.toBe('read-write');
    await expect(reader.authenticated).resolves.toBe('readonly');
    await Promise.all([writer.synced, reader.synced]);

    const title = (doc: typeof writer.doc) => readBoard(doc).columns.find((column) => column.id === 'todo')?.title;
    renameColumn(writer.doc, 'todo', 'from editor');
    await expect.poll(() => title(reader.doc)).toBe('from editor');

    renameColumn(reader.doc, 'todo', 'from viewer');
    addColumn(writer.doc, { id: 'marker', title: 'after viewer edit' });
    const third = open(name, owner.accessToken);
    await third.synced;
    await expect.poll(() => third.doc.getMap('columns').has('marker')).toBe(true);
    expect(title(third.doc)).toBe('from editor');
    expect(title(writer.doc)).toBe('from editor');
  });

  it('lets commenters write annotations only', async () => {
    const commenter = await member('commenter');
    await expect(open(`annotations:${projectId}:doc1`, commenter.accessToken).authenticated).resolves.toBe('read-write');
    await expect(open(`kanban:${projectId}:b2`, commenter.accessToken).authenticated).resolves.toBe('readonly');
  });

  it('accepts a project API key as the token and the session cookie on the upgrade', async () => {
    const key = await api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: owner.accessToken, body: { name: 'bot', role: 'editor' } });
    await expect(open(`pipeline:${projectId}:p1`, key.body.data.secret).authenticated).resolves.toBe('read-write');
    // A browser sends our Origin with the cookie (test/collab-origin.test.ts: without it the cookie is refused).
    await expect(open(`pipeline:${projectId}:p1`, '', { cookie: owner.cookie, origin: app.url }).authenticated).resolves.toBe('read-write');
  });

  it('reuses recent role and document checks when a client reconnects, and forgets them the moment access changes', async () => {
    const cacheHits = async () => {
      const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      return Number(/studio_collab_access_cache_total\{result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const person = await member('editor');
    const name = `kanban:${projectId}:b1`;
    await expect(open(name, person.accessToken).authenticated).resolves.toBe('read-write');
    const before = await cacheHits();
    // A reconnect: the role, the document and its restrictions are not read again (the session is: it may have ended).
    await expect(open(name, person.accessToken).authenticated).resolves.toBe('read-write');
    expect((await cacheHits()) - before).toBe(3);

    // Each change is heard at once, not after the cache's 30 seconds.
    expect((await api.call('PUT', `/api/projects/${projectId}/members/${person.userId}`, { token: owner.accessToken, body: { role: 'viewer' } })).status).toBe(200);
    await expect(open(name, person.accessToken).authenticated).resolves.toBe('readonly');
    expect((await api.call('DELETE', `/api/projects/${projectId}/members/${person.userId}`, { token: owner.accessToken })).status).toBe(200);
    await expect(open(name, person.accessToken).denied).resolves.toBe('forbidden');

    const other = await member('editor');
    await expect(open(name, other.accessToken).authenticated).resolves.toBe('read-write');
    expect((await api.call('POST', '/auth/logout', { token: other.accessToken })).status).toBe(200);
    await expect(open(name, other.accessToken).denied).resolves.toBe('unauthorized');
  });
});
