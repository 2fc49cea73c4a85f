import { describe, expect, it } from 'vitest';
import { addCard } from '../documents/kanban/board.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { within } from './helpers/within.js';

const POLL = { timeout: 10_000, interval: 50 };

interface Access {
  memberAccess: string;
  grants: { userId: string | null; projectRole: string | null; role: string; email: string | null }[];
}

/**
 * Per-document restrictions below the project's roles (issue 22): what members without a grant do
 * ('project', 'read', 'none'), grants for a member or a role, enforced over REST, in listings and
 * searches, on sockets (live), and in notifications.
 */
describe.each(BACKENDS)('per-document access: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '300' });
  const setAccess = (token: string, documentId: string, body: unknown) => h.api.call<Access>('PUT', `/api/projects/${h.projectId}/documents/${documentId}/access`, { token, body });
  const boardIdOf = (name: string) => name.split(':')[2]!;
  const taskIds = async (token: string) => (await h.api.call<{ items: { id: string }[] }>('GET', `/api/tasks?projectId=${h.projectId}&limit=100`, { token })).body.data.items.map((task) => task.id);
  const listed = async (token: string) => (await h.api.call<{ name: string }[]>('GET', `/api/projects/${h.projectId}/documents?limit=100`, { token })).body.data.map((d) => d.name);

  it('a board hidden from members without a grant is not found for them anywhere, and works for those granted', async () => {
    const name = await h.createBoard('Secret launch');
    const boardId = boardIdOf(name);
    const [granted, other, viewer, admin] = await Promise.all([h.member('editor'), h.member('editor'), h.member('viewer'), h.member('admin')]);
    const writer = h.open(name, h.owner.accessToken);
    await writer.synced;
    addCard(writer.doc, { id: 'c1', columnId: 'todo', title: 'Embargoed' });
    await writer.saved.whenSaved();
    const task = `${h.projectId}.${boardId}.c1`;
    expect(await taskIds(other.accessToken)).toContain(task);

    // Only owners and admins manage access; grants name members.
    expect((await setAccess(other.accessToken, boardId, { memberAccess: 'none', grants: [] })).status).toBe(403);
    const outsider = await h.api.signIn();
    const notMember = await setAccess(h.owner.accessToken, boardId, { memberAccess: 'none', grants: [{ userId: outsider.userId, role: 'viewer' }] });
    expect(notMember.status).toBe(422);
    expect(notMember.body.error?.code).toBe('NOT_A_MEMBER');
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'none', grants: [{ userId: granted.userId, role: 'editor' }, { userId: granted.userId, role: 'viewer' }] })).status).toBe(422);
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'secret', grants: [] })).status).toBe(422);

    const stored = await setAccess(admin.accessToken, boardId, { memberAccess: 'none', grants: [{ userId: granted.userId, role: 'editor' }, { projectRole: 'viewer', role: 'viewer' }] });
    expect(stored.status).toBe(200);
    expect(stored.body.data).toMatchObject({ memberAccess: 'none', grants: expect.arrayContaining([expect.objectContaining({ userId: granted.userId, role: 'editor', email: granted.email }), expect.objectContaining({ projectRole: 'viewer', role: 'viewer' })]) });
    expect((await h.api.call<Access>('GET', `/api/projects/${h.projectId}/documents/${boardId}/access`, { token: h.owner.accessToken })).body.data.grants).toHaveLength(2);
    expect((await h.api.call('GET', `/api/projects/${h.projectId}/documents/${boardId}/access`, { token: granted.accessToken })).status).toBe(403);

    // Hidden from the other editor: 404 like a board that does not exist, everywhere.
    expect((await h.api.call('GET', `/api/projects/${h.projectId}/documents/${boardId}`, { token: other.accessToken })).status).toBe(404);
    expect(await listed(other.accessToken)).not.toContain(name);
    expect(await taskIds(other.accessToken)).not.toContain(task);
    expect((await h.api.call<{ items: unknown[] }>('GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardId}&limit=10`, { token: other.accessToken })).body.data.items).toEqual([]);
    expect((await h.api.call('GET', `/api/tasks/${task}`, { token: other.accessToken })).status).toBe(404);
    expect((await h.api.call('POST', '/api/tasks/move', { token: other.accessToken, body: { taskId: task, toColumnId: 'done' } })).status).toBe(404);
    const refused = h.open(name, other.accessToken);
    await expect(within(refused.denied, 5_000, 'the socket refused')).resolves.toBeTruthy();

    // The granted editor edits; viewers (by their role's grant) read; the admin keeps full access.
    expect(await listed(granted.accessToken)).toContain(name);
    expect((await h.api.call('POST', '/api/tasks/move', { token: granted.accessToken, body: { taskId: task, toColumnId: 'done' } })).status).toBe(200);
    expect(await taskIds(viewer.accessToken)).toContain(task);
    expect((await h.api.call('POST', '/api/tasks/move', { token: viewer.accessToken, body: { taskId: task, toColumnId: 'todo' } })).status).toBe(403);
    const reading = h.open(name, viewer.accessToken);
    await expect(within(reading.authenticated, 5_000, 'viewer authenticated')).resolves.toBe('readonly');
    expect((await h.api.call('POST', '/api/tasks/move', { token: admin.accessToken, body: { taskId: task, toColumnId: 'todo' } })).status).toBe(200);
  });

  it("'read' lets members without a grant read but not write, and a grant never lifts anyone above their project role", async () => {
    const name = await h.createBoard('Calendar-like');
    const boardId = boardIdOf(name);
    const [editor, commenter] = await Promise.all([h.member('editor'), h.member('commenter')]);
    const writer = h.open(name, h.owner.accessToken);
    await writer.synced;
    addCard(writer.doc, { id: 'r1', columnId: 'todo', title: 'Read me' });
    await writer.saved.whenSaved();
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'read', grants: [{ userId: commenter.userId, role: 'editor' }] })).status).toBe(200);

    const task = `${h.projectId}.${boardId}.r1`;
    expect(await taskIds(editor.accessToken)).toContain(task);
    expect((await h.api.call('POST', '/api/tasks/move', { token: editor.accessToken, body: { taskId: task, toColumnId: 'done' } })).status).toBe(403);
    const socket = h.open(name, editor.accessToken);
    await expect(within(socket.authenticated, 5_000, 'editor authenticated')).resolves.toBe('readonly');
    // An editor grant to a commenter leaves them a commenter.
    expect((await h.api.call('POST', '/api/tasks/move', { token: commenter.accessToken, body: { taskId: task, toColumnId: 'done' } })).status).toBe(403);
  });

  it('open sockets follow a change at once: downgraded, upgraded back, and closed when the document is hidden from them', async () => {
    const name = await h.createBoard('Live');
    const boardId = boardIdOf(name);
    const editor = await h.member('editor');
    const socket = h.open(name, editor.accessToken);
    await expect(within(socket.authenticated, 5_000, 'editor authenticated')).resolves.toBe('read-write');

    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'read', grants: [] })).status).toBe(200);
    await expect.poll(() => socket.messages.filter((m) => m.type === 'access').at(-1), POLL).toMatchObject({ role: 'viewer', readOnly: true });
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'read', grants: [{ userId: editor.userId, role: 'editor' }] })).status).toBe(200);
    await expect.poll(() => socket.messages.filter((m) => m.type === 'access').at(-1), POLL).toMatchObject({ role: 'editor', readOnly: false });

    const started = Date.now();
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'none', grants: [] })).status).toBe(200);
    await expect(within(socket.closed, 2_000, 'the socket closed')).resolves.toBe('access-revoked');
    expect(Date.now() - started).toBeLessThan(2_000);
    // Back to the project's roles: they open it again.
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'project', grants: [] })).status).toBe(200);
    const again = h.open(name, editor.accessToken);
    await expect(within(again.authenticated, 5_000, 'editor authenticated again')).resolves.toBe('read-write');
  });

  it('nobody is notified about a document hidden from them', async () => {
    const name = await h.createBoard('Quiet');
    const boardId = boardIdOf(name);
    const [hidden, granted] = await Promise.all([h.member('editor'), h.member('editor')]);
    expect((await setAccess(h.owner.accessToken, boardId, { memberAccess: 'none', grants: [{ userId: granted.userId, role: 'editor' }] })).status).toBe(200);
    const writer = h.open(name, h.owner.accessToken);
    await writer.synced;
    addCard(writer.doc, { id: 'n1', columnId: 'todo', title: 'Assigned to both', assignees: [hidden.userId, granted.userId] });
    await writer.saved.whenSaved();
    const inbox = async (token: string) => (await h.api.call<{ items: { event: { itemId: string } }[] }>('GET', '/api/notifications', { token })).body.data.items.map((n) => n.event.itemId);
    await expect.poll(() => inbox(granted.accessToken), POLL).toContain(`${h.projectId}.${boardId}.n1`);
    expect(await inbox(hidden.accessToken)).toEqual([]);
  });

  it('a guest invited by email opens that one document and nothing else of the project, until their access is taken away', async () => {
    const [shared, other] = [await h.createBoard('Client review'), await h.createBoard('Internal')];
    const sharedId = boardIdOf(shared);
    const email = `guest-${Date.now()}@client.example`;
    // Invited before they have an account: the invitation's account is the one their sign-in takes up.
    const invited = await h.api.call<Access & { grants: { guest: boolean }[] }>('POST', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests`, { token: h.owner.accessToken, body: { email, role: 'editor' } });
    expect(invited.status).toBe(200);
    expect(invited.body.data.grants).toEqual([expect.objectContaining({ email, role: 'editor', guest: true, userId: expect.any(String) })]);
    const guest = await h.api.signIn(email);
    expect(guest.userId).toBe(invited.body.data.grants[0]!.userId);

    const mine = await h.api.call<{ name: string; role: string; projectId: string }[]>('GET', '/api/me/shared-documents', { token: guest.accessToken });
    expect(mine.body.data).toEqual([expect.objectContaining({ name: shared, role: 'editor', projectId: h.projectId })]);
    const socket = h.open(shared, guest.accessToken);
    await expect(within(socket.authenticated, 5_000, 'guest authenticated')).resolves.toBe('read-write');
    await socket.synced;
    addCard(socket.doc, { id: 'g1', columnId: 'todo', title: 'From the client' });
    await socket.saved.whenSaved();
    // Another document of the project, and the project itself: not found.
    await expect(within(h.open(other, guest.accessToken).denied, 5_000, 'another document refused')).resolves.toBe('document-not-found');
    expect((await h.api.call('GET', `/api/projects/${h.projectId}`, { token: guest.accessToken })).status).toBe(404);
    expect((await h.api.call('GET', `/api/projects/${h.projectId}/documents/${sharedId}`, { token: guest.accessToken })).status).toBe(404);
    expect((await h.api.call('GET', `/api/tasks?projectId=${h.projectId}`, { token: guest.accessToken })).status).toBe(404);

    // Members are restricted with grants, not invited as guests; guests do not manage access.
    const member = await h.member('viewer');
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests`, { token: h.owner.accessToken, body: { email: member.email, role: 'viewer' } })).status).toBe(409);
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests`, { token: guest.accessToken, body: { email: 'x@client.example', role: 'viewer' } })).status).toBe(404);
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests`, { token: h.owner.accessToken, body: { email: 'not an email', role: 'viewer' } })).status).toBe(422);
    const shares = await h.api.call<{ documentName: string; guest: boolean; email: string | null }[]>('GET', `/api/projects/${h.projectId}/shares`, { token: h.owner.accessToken });
    expect(shares.body.data).toContainEqual(expect.objectContaining({ documentName: shared, guest: true, email }));
    expect((await h.api.call('GET', `/api/projects/${h.projectId}/shares`, { token: member.accessToken })).status).toBe(403);

    // Down to viewer, then out: the open socket follows.
    expect((await h.api.call('POST', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests`, { token: h.owner.accessToken, body: { email, role: 'viewer' } })).status).toBe(200);
    await expect.poll(() => socket.messages.filter((m) => m.type === 'access').at(-1), POLL).toMatchObject({ role: 'viewer', readOnly: true });
    expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests/${guest.userId}`, { token: h.owner.accessToken })).status).toBe(200);
    await expect(within(socket.closed, 2_000, 'the guest socket closed')).resolves.toBe('access-revoked');
    expect((await h.api.call('GET', '/api/me/shared-documents', { token: guest.accessToken })).body.data).toEqual([]);
    expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/documents/${sharedId}/access/guests/${guest.userId}`, { token: h.owner.accessToken })).status).toBe(404);
    await expect(within(h.open(shared, guest.accessToken).denied, 5_000, 'refused after revocation')).resolves.toBe('forbidden');
  });

  it("a member's grants leave with them: removed from the project, they are not a guest of its documents", async () => {
    const name = await h.createBoard('Granted then removed');
    const member = await h.member('editor');
    expect((await setAccess(h.owner.accessToken, boardIdOf(name), { memberAccess: 'none', grants: [{ userId: member.userId, role: 'editor' }] })).status).toBe(200);
    await expect(within(h.open(name, member.accessToken).authenticated, 5_000, 'member authenticated')).resolves.toBe('read-write');
    expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/members/${member.userId}`, { token: h.owner.accessToken })).status).toBe(200);
    await expect(within(h.open(name, member.accessToken).denied, 5_000, 'former member refused')).resolves.toBe('forbidden');
    expect((await h.api.call('GET', '/api/me/shared-documents', { token: member.accessToken })).body.data).toEqual([]);
  });

  it('a share link opens one document without an account, with its password, until it expires or is revoked: then 404', async () => {
    const [name, other] = [await h.createBoard('Press preview'), await h.createBoard('Not shared')];
    const boardId = boardIdOf(name);
    const links = `/api/projects/${h.projectId}/documents/${boardId}/links`;
    const open = (body: unknown) => h.api.call<{ accessToken: string; role: string; expiresIn: number; visitor: { userId: string }; document: { name: string } }>('POST', '/auth/share-links/open', { body });

    // Only owners and admins make links; bad input is a clear 422.
    const editor = await h.member('editor');
    expect((await h.api.call('POST', links, { token: editor.accessToken, body: { role: 'viewer' } })).status).toBe(403);
    expect((await h.api.call('POST', links, { token: h.owner.accessToken, body: { role: 'editor' } })).status).toBe(422);
    expect((await h.api.call('POST', links, { token: h.owner.accessToken, body: { role: 'viewer', password: 'short' } })).status).toBe(422);
    expect((await h.api.call('POST', links, { token: h.owner.accessToken, body: { role: 'viewer', label: 'a\u0000b' } })).status).toBe(422);
    expect((await h.api.call('POST', links, { token: h.owner.accessToken, body: { role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' } })).status).toBe(422);

    const made = await h.api.call<{ id: string; token: string; url: string; hasPassword: boolean }>('POST', links, { token: h.owner.accessToken, body: { role: 'commenter', label: 'Press', password: 'correct horse battery' } });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ hasPassword: true, url: expect.stringContaining(`/#/link/${made.body.data.token}`) });
    const { token } = made.body.data;
    expect((await open({ token })).body.error?.code).toBe('LINK_PASSWORD_REQUIRED');
    expect((await open({ token, password: 'wrong password' })).status).toBe(403);
    const opened = await open({ token, password: 'correct horse battery' });
    expect(opened.status).toBe(200);
    expect(opened.body.data).toMatchObject({ role: 'commenter', document: { name }, visitor: { userId: expect.any(String), label: 'Press' } });
    // A visit asking for a fresh token with its last one carries on (not another use); someone else's token does not.
    const carried = await open({ token, password: 'correct horse battery', carryOn: opened.body.data.accessToken });
    expect(carried.status).toBe(200);
    expect((await open({ token, password: 'correct horse battery', carryOn: h.owner.accessToken })).status).toBe(200);

    // The link's visitor opens that document (a commenter: read-only for the board), nothing else.
    const visitor = h.open(name, opened.body.data.accessToken);
    await expect(within(visitor.authenticated, 5_000, 'visitor authenticated')).resolves.toBe('readonly');
    await expect(within(h.open(other, opened.body.data.accessToken).denied, 5_000, 'another document refused')).resolves.toBe('document-not-found');
    expect((await h.api.call('GET', `/api/projects/${h.projectId}`, { token: opened.body.data.accessToken })).status).toBe(404);
    // Nobody signs in as a link's identity.
    expect((await h.api.call('POST', '/auth/dev/login', { body: { email: `link-x@share-links.invalid` } })).status).toBe(422);

    const listed = await h.api.call<{ id: string; uses: number; revokedAt: string | null }[]>('GET', links, { token: h.owner.accessToken });
    // The first open and the one with the owner's token are uses; the carried-on visit is not.
    expect(listed.body.data).toEqual([expect.objectContaining({ id: made.body.data.id, uses: 2, revokedAt: null })]);
    expect(JSON.stringify(listed.body.data)).not.toContain(token);

    // Revoked: the open socket closes, the link is 404 like one that never existed.
    expect((await h.api.call('DELETE', `${links}/${made.body.data.id}`, { token: h.owner.accessToken })).status).toBe(200);
    await expect(within(visitor.closed, 2_000, 'the visitor socket closed')).resolves.toBe('access-revoked');
    expect((await open({ token, password: 'correct horse battery' })).status).toBe(404);
    expect((await open({ token: 'sl_never-made' })).status).toBe(404);
    expect((await h.api.call('DELETE', `${links}/${made.body.data.id}`, { token: h.owner.accessToken })).status).toBe(404);

    // Expired: 404 too, and the token it gave out ends with it.
    const soon = await h.api.call<{ token: string }>('POST', links, { token: h.owner.accessToken, body: { role: 'viewer', expiresAt: new Date(Date.now() + 2_000).toISOString() } });
    const early = await open({ token: soon.body.data.token });
    expect(early.status).toBe(200);
    expect(early.body.data.expiresIn).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await open({ token: soon.body.data.token })).status).toBe(404);
    await expect(within(h.open(name, early.body.data.accessToken).denied, 5_000, 'expired token refused')).resolves.toBe('unauthorized');

    const audit = await h.api.call<{ action: string }[]>('GET', `/api/projects/${h.projectId}/audit?limit=50`, { token: h.owner.accessToken });
    expect(audit.body.data.map((entry) => entry.action)).toEqual(expect.arrayContaining(['document.link_created', 'document.link_opened', 'document.link_revoked']));
  });

  it('every change of access is in the audit log', async () => {
    const name = await h.createBoard('Audited');
    expect((await setAccess(h.owner.accessToken, boardIdOf(name), { memberAccess: 'read', grants: [] })).status).toBe(200);
    const audit = await h.api.call<{ action: string; target: string; details: Record<string, unknown> }[]>('GET', `/api/projects/${h.projectId}/audit?limit=20`, { token: h.owner.accessToken });
    expect(audit.body.data.find((entry) => entry.action === 'document.access_changed' && entry.target === name)?.details).toEqual({ memberAccess: 'read', grants: [] });
  });
});
