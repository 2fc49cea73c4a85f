import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard } from '../documents/kanban/board.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';
import { within } from './helpers/within.js';

const POLL = { timeout: 5_000, interval: 20 };

/**
 * Issue 21 item 3: a key acts for its creator, so it may never do more than they may do now —
 * the lesser of its own role and theirs, on REST and on open sockets, and nothing once they
 * have left the project.
 */
describe.each(BACKENDS)('API keys follow their creator’s current role: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  const providers: ConnectedProvider[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
  });
  afterAll(async () => {
    providers.forEach((p) => p.destroy());
    await app.stop();
  });

  function open(name: string, token: string): ConnectedProvider {
    const provider = connectProvider(app.wsUrl, name, token);
    providers.push(provider);
    return provider;
  }

  /** A project of its own owner, with an admin who will create keys. */
  async function projectWithAdmin(): Promise<{ owner: SignedIn; admin: SignedIn; projectId: string; base: string }> {
    const owner = await api.signIn();
    const created = await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Keys' } });
    expect(created.status).toBe(201);
    const projectId = created.body.data.id;
    const admin = await api.signIn();
    const added = await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: admin.email, role: 'admin' } });
    expect(added.status).toBe(201);
    return { owner, admin, projectId, base: `/api/projects/${projectId}` };
  }

  async function createKey(base: string, creator: SignedIn, role: string): Promise<string> {
    const key = await api.call<{ secret: string }>('POST', `${base}/api-keys`, { token: creator.accessToken, body: { name: `${role} key`, role } });
    expect(key.status).toBe(201);
    return key.body.data.secret;
  }

  async function setRole(base: string, owner: SignedIn, userId: string, role: string): Promise<void> {
    expect((await api.call('PUT', `${base}/members/${userId}`, { token: owner.accessToken, body: { role } })).status).toBe(200);
  }

  it('a removed admin’s key stops working at once: no listing keys, no re-adding them, its socket closed', async () => {
    const { owner, admin, projectId, base } = await projectWithAdmin();
    const key = await createKey(base, admin, 'admin');
    expect((await api.call('GET', `${base}/api-keys`, { token: key })).status).toBe(200);
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban');
    const live = open(board.name, key);
    await expect(live.authenticated).resolves.toBe('read-write');
    await live.synced;

    expect((await api.call('DELETE', `${base}/members/${admin.userId}`, { token: owner.accessToken })).status).toBe(200);
    const listed = await api.call('GET', `${base}/api-keys`, { token: key });
    expect(listed.status).toBe(401);
    expect(listed.body.error?.code).toBe('UNAUTHORIZED');
    const readd = await api.call('POST', `${base}/members`, { token: key, body: { email: admin.email, role: 'admin' } });
    expect(readd.status).toBe(401);
    expect((await api.call('GET', '/api/projects', { token: key })).status).toBe(401);
    const members = await api.call<{ userId: string }[]>('GET', `${base}/members`, { token: owner.accessToken });
    expect(members.body.data.map((m) => m.userId)).not.toContain(admin.userId);
    // The socket the key had open was closed when the removal was made, not when it was next used.
    await expect(within(live.closed, 1_000, 'closing the removed admin’s key socket')).resolves.toBe('access-revoked');
    await expect(open(board.name, key).denied).resolves.toBe('unauthorized');
  });

  it('demoting the creator clamps their keys on REST and open sockets; promoting them again restores up to the key’s own role', async () => {
    const { owner, admin, projectId, base } = await projectWithAdmin();
    const adminKey = await createKey(base, admin, 'admin');
    const editorKey = await createKey(base, admin, 'editor');
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban');
    const ownerView = open(board.name, owner.accessToken);
    // Two sockets with the editor key: one tries to write while clamped, the other only after it is lifted.
    const clamped = open(board.name, editorKey);
    const lifted = open(board.name, editorKey);
    await expect(clamped.authenticated).resolves.toBe('read-write');
    await expect(lifted.authenticated).resolves.toBe('read-write');
    await Promise.all([ownerView.synced, clamped.synced, lifted.synced]);

    await setRole(base, owner, admin.userId, 'viewer');
    const rename = await api.call('PUT', base, { token: adminKey, body: { name: 'renamed by a viewer’s key' } });
    expect(rename.status).toBe(403);
    expect(rename.body.error?.code).toBe('FORBIDDEN');
    expect((await api.call('POST', `${base}/documents`, { token: editorKey, body: { kind: 'kanban', title: 'by a viewer’s key' } })).status).toBe(403);
    expect((await api.call('GET', `${base}/api-keys`, { token: adminKey })).status).toBe(403);
    expect((await api.call<{ role: string }>('GET', base, { token: adminKey })).body.data.role).toBe('viewer');
    for (const socket of [clamped, lifted]) {
      await expect.poll(() => socket.messages.find((m) => m.type === 'access'), POLL).toMatchObject({ role: 'viewer', readOnly: true });
    }
    await expect(open(board.name, editorKey).authenticated).resolves.toBe('readonly');

    addCard(clamped.doc, { id: 'while-clamped', columnId: 'todo', title: 'Must not land' });
    addCard(ownerView.doc, { id: 'from-owner', columnId: 'todo', title: 'Lands' });
    await expect.poll(() => clamped.doc.getMap('cards').has('from-owner'), POLL).toBe(true);
    await ownerView.saved.whenSaved();
    const stored = open(board.name, owner.accessToken);
    await stored.synced;
    expect(stored.doc.getMap('cards').has('from-owner')).toBe(true);
    expect(stored.doc.getMap('cards').has('while-clamped')).toBe(false);
    expect(ownerView.doc.getMap('cards').has('while-clamped')).toBe(false);

    // Promoted to editor: both keys act as editors — the admin key no more than its creator.
    await setRole(base, owner, admin.userId, 'editor');
    expect((await api.call('PUT', base, { token: adminKey, body: { name: 'still not allowed' } })).status).toBe(403);
    expect((await api.call('POST', `${base}/documents`, { token: adminKey, body: { kind: 'kanban', title: 'by the admin key' } })).status).toBe(201);
    expect((await api.call('POST', `${base}/documents`, { token: editorKey, body: { kind: 'kanban', title: 'by the editor key' } })).status).toBe(201);
    await expect.poll(() => lifted.messages.filter((m) => m.type === 'access').at(-1), POLL).toMatchObject({ role: 'editor', readOnly: false });
    addCard(lifted.doc, { id: 'after-lift', columnId: 'todo', title: 'Lands again' });
    await expect.poll(() => ownerView.doc.getMap('cards').has('after-lift'), POLL).toBe(true);

    // Promoted back to admin: the admin key is an admin again, the editor key stays an editor.
    await setRole(base, owner, admin.userId, 'admin');
    expect((await api.call('PUT', base, { token: adminKey, body: { name: 'renamed by the admin key' } })).status).toBe(200);
    expect((await api.call<{ role: string }>('GET', base, { token: editorKey })).body.data.role).toBe('editor');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lifted.messages.filter((m) => m.type === 'access').at(-1)).toMatchObject({ role: 'editor', readOnly: false });
  });

  it('a key made by an owner follows that owner too, and keys of other members are untouched', async () => {
    const { owner, admin, projectId, base } = await projectWithAdmin();
    const adminsKey = await createKey(base, admin, 'editor');
    const coOwner = await api.signIn();
    expect((await api.call('POST', `${base}/members`, { token: owner.accessToken, body: { email: coOwner.email, role: 'owner' } })).status).toBe(201);
    const coOwnersKey = await createKey(base, coOwner, 'admin');
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban');
    const bystander = open(board.name, adminsKey);
    const owned = open(board.name, coOwnersKey);
    await Promise.all([bystander.synced, owned.synced]);

    await setRole(base, owner, coOwner.userId, 'commenter');
    await expect.poll(() => owned.messages.find((m) => m.type === 'access'), POLL).toMatchObject({ role: 'commenter', readOnly: true });
    expect((await api.call('GET', `${base}/members`, { token: coOwnersKey })).status).toBe(200);
    expect((await api.call('POST', `${base}/members`, { token: coOwnersKey, body: { email: 'x@example.com', role: 'viewer' } })).status).toBe(403);

    expect((await api.call('DELETE', `${base}/members/${coOwner.userId}`, { token: owner.accessToken })).status).toBe(200);
    await expect(within(owned.closed, 1_000, 'closing the removed owner’s key socket')).resolves.toBe('access-revoked');
    expect(bystander.messages.filter((m) => m.type === 'access')).toEqual([]);
    expect((await api.call('POST', `${base}/documents`, { token: adminsKey, body: { kind: 'kanban', title: 'still an editor' } })).status).toBe(201);
  });
});
