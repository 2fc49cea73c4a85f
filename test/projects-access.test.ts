import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessChange } from '../identity/membership-events.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

interface Project {
  id: string;
  name: string;
  role: string;
}

describe.each(BACKENDS)('projects, roles and API keys: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function projectOf(owner: SignedIn, name = 'Spring campaign'): Promise<Project> {
    const reply = await api.call<Project>('POST', '/api/projects', { token: owner.accessToken, body: { name } });
    expect(reply.status).toBe(201);
    return reply.body.data;
  }

  async function withMember(project: Project, owner: SignedIn, role: string): Promise<SignedIn> {
    const member = await api.signIn();
    const added = await api.call('POST', `/api/projects/${project.id}/members`, { token: owner.accessToken, body: { email: member.email, role } });
    expect(added.status).toBe(201);
    return member;
  }

  it('creates, lists with pagination, reads, updates and deletes projects', async () => {
    const owner = await api.signIn();
    const created = await Promise.all([1, 2, 3].map((n) => projectOf(owner, `Board ${n}`)));
    expect(created[0]!.role).toBe('owner');
    const page = await api.call<Project[]>('GET', '/api/projects?page=2&limit=2', { token: owner.accessToken });
    expect(page.body.meta).toEqual({ total: 3, page: 2, limit: 2 });
    expect(page.body.data).toHaveLength(1);
    expect((await api.call('GET', '/api/projects?limit=500', { token: owner.accessToken })).status).toBe(422);

    const id = created[0]!.id;
    const updated = await api.call<Project>('PUT', `/api/projects/${id}`, { token: owner.accessToken, body: { name: 'Renamed' } });
    expect(updated.body.data).toMatchObject({ id, name: 'Renamed', role: 'owner' });
    expect((await api.call('PUT', `/api/projects/${id}`, { token: owner.accessToken, body: { name: '' } })).status).toBe(422);

    expect((await api.call('DELETE', `/api/projects/${id}`, { token: owner.accessToken })).status).toBe(200);
    expect((await api.call('GET', `/api/projects/${id}`, { token: owner.accessToken })).status).toBe(404);
    const all = await api.call<Project[]>('GET', '/api/projects', { token: owner.accessToken });
    expect(all.body.data.map((p) => p.id)).not.toContain(id);
  });

  it('never shows project B to a member of project A', async () => {
    const alice = await api.signIn();
    const bob = await api.signIn();
    await projectOf(alice, 'A');
    const b = await projectOf(bob, 'B');
    for (const [method, path] of [
      ['GET', `/api/projects/${b.id}`],
      ['GET', `/api/projects/${b.id}/members`],
      ['PUT', `/api/projects/${b.id}`],
      ['DELETE', `/api/projects/${b.id}`],
      ['GET', `/api/projects/${b.id}/api-keys`],
      ['GET', `/api/projects/${b.id}/audit`],
      ['GET', '/api/projects/not-a-uuid'],
    ] as const) {
      const reply = await api.call(method, path, { token: alice.accessToken, body: method === 'PUT' ? { name: 'x' } : undefined });
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.body.data).toBeNull();
    }
    const list = await api.call<Project[]>('GET', '/api/projects', { token: alice.accessToken });
    expect(list.body.data.map((p) => p.name)).toEqual(['A']);
  });

  it('gives each role exactly its rights', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const viewer = await withMember(project, owner, 'viewer');
    const commenter = await withMember(project, owner, 'commenter');
    const editor = await withMember(project, owner, 'editor');
    const admin = await withMember(project, owner, 'admin');
    const outsider = await api.signIn();
    const base = `/api/projects/${project.id}`;

    for (const who of [viewer, commenter, editor, admin]) {
      expect((await api.call('GET', base, { token: who.accessToken })).status).toBe(200);
      expect((await api.call('GET', `${base}/members`, { token: who.accessToken })).status).toBe(200);
    }
    for (const who of [viewer, commenter, editor]) {
      expect((await api.call('PUT', base, { token: who.accessToken, body: { name: 'mine now' } })).status).toBe(403);
      const invite = await api.call('POST', `${base}/members`, { token: who.accessToken, body: { email: outsider.email, role: 'viewer' } });
      expect(invite.status).toBe(403);
      expect(invite.body.error?.code).toBe('FORBIDDEN');
      expect((await api.call('DELETE', base, { token: who.accessToken })).status).toBe(403);
      expect((await api.call('POST', `${base}/api-keys`, { token: who.accessToken, body: { name: 'k', role: 'viewer' } })).status).toBe(403);
    }
    // Admins manage the project and its non-owner members, but not owners, deletion or the audit log.
    expect((await api.call('PUT', base, { token: admin.accessToken, body: { description: 'by admin' } })).status).toBe(200);
    expect((await api.call('PUT', `${base}/members/${viewer.userId}`, { token: admin.accessToken, body: { role: 'commenter' } })).status).toBe(200);
    expect((await api.call('POST', `${base}/members`, { token: admin.accessToken, body: { email: outsider.email, role: 'owner' } })).status).toBe(403);
    expect((await api.call('PUT', `${base}/members/${owner.userId}`, { token: admin.accessToken, body: { role: 'viewer' } })).status).toBe(403);
    expect((await api.call('DELETE', `${base}/members/${owner.userId}`, { token: admin.accessToken })).status).toBe(403);
    expect((await api.call('DELETE', base, { token: admin.accessToken })).status).toBe(403);
    expect((await api.call('GET', `${base}/audit`, { token: admin.accessToken })).status).toBe(403);
  });

  it('keeps at least one owner, and lets a member leave', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const base = `/api/projects/${project.id}`;
    const demote = await api.call('PUT', `${base}/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error?.code).toBe('LAST_OWNER');
    expect((await api.call('DELETE', `${base}/members/${owner.userId}`, { token: owner.accessToken })).body.error?.code).toBe('LAST_OWNER');

    const second = await withMember(project, owner, 'owner');
    expect((await api.call('PUT', `${base}/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } })).status).toBe(200);
    expect((await api.call('DELETE', `${base}/members/${second.userId}`, { token: second.accessToken })).body.error?.code).toBe('LAST_OWNER');

    const viewer = await withMember(project, second, 'viewer');
    expect((await api.call('DELETE', `${base}/members/${viewer.userId}`, { token: viewer.accessToken })).status).toBe(200);
    expect((await api.call('GET', base, { token: viewer.accessToken })).status).toBe(404);
  });

  it('refuses to demote both of two owners at once', async () => {
    const a = await api.signIn();
    const project = await projectOf(a);
    const b = await withMember(project, a, 'owner');
    const base = `/api/projects/${project.id}`;
    const results = await Promise.all([
      api.call('PUT', `${base}/members/${a.userId}`, { token: b.accessToken, body: { role: 'editor' } }),
      api.call('PUT', `${base}/members/${b.userId}`, { token: a.accessToken, body: { role: 'editor' } }),
    ]);
    // Whichever lands second finds its caller no longer an owner (403) or its target the last one (409).
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.map((r) => r.body.error?.code).filter(Boolean)).toEqual([expect.stringMatching(/^(FORBIDDEN|LAST_OWNER)$/)]);
    const members = await api.call<{ role: string }[]>('GET', `${base}/members`, { token: a.accessToken });
    expect(members.body.data.filter((m) => m.role === 'owner')).toHaveLength(1);
  });

  it('validates member input and refuses duplicates', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const base = `/api/projects/${project.id}/members`;
    for (const body of [{ email: 'nope', role: 'viewer' }, { email: 'a@example.com', role: 'superuser' }, { email: 'a@example.com' }]) {
      const reply = await api.call('POST', base, { token: owner.accessToken, body });
      expect(reply.status, JSON.stringify(body)).toBe(422);
      expect(reply.body.error?.code).toBe('VALIDATION_FAILED');
    }
    const invited = await api.call<{ email: string; role: string }>('POST', base, { token: owner.accessToken, body: { email: 'New.Person@example.com', role: 'editor' } });
    expect(invited.status).toBe(201);
    const again = await api.call('POST', base, { token: owner.accessToken, body: { email: 'new.person@example.com', role: 'viewer' } });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('ALREADY_MEMBER');
    // The invited person signs in later and lands in the project.
    const person = await api.signIn('new.person@example.com');
    expect((await api.call('GET', `/api/projects/${project.id}`, { token: person.accessToken })).body.data).toMatchObject({ role: 'editor' });
  });

  it('emits an access event for each membership change', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const seen: AccessChange[] = [];
    const unsubscribe = app.identity.events.subscribe((change) => seen.push(change));
    try {
      const member = await withMember(project, owner, 'editor');
      await api.call('PUT', `/api/projects/${project.id}/members/${member.userId}`, { token: owner.accessToken, body: { role: 'viewer' } });
      await api.call('DELETE', `/api/projects/${project.id}/members/${member.userId}`, { token: owner.accessToken });
      expect(seen.filter((c) => c.projectId === project.id)).toEqual([
        { type: 'member', projectId: project.id, userId: member.userId, role: 'editor' },
        { type: 'member', projectId: project.id, userId: member.userId, role: 'viewer' },
        { type: 'member', projectId: project.id, userId: member.userId, role: null },
      ]);
    } finally {
      unsubscribe();
    }
  });

  it('issues project API keys shown once, stored hashed, scoped to their project and role, and revocable', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const other = await projectOf(owner, 'Other');
    const base = `/api/projects/${project.id}`;
    const created = await api.call<{ id: string; secret: string; role: string }>('POST', `${base}/api-keys`, {
      token: owner.accessToken,
      body: { name: 'reporting script', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body.data;
    expect(secret).toMatch(/^ssk_/);

    const listed = await api.call<Record<string, unknown>[]>('GET', `${base}/api-keys`, { token: owner.accessToken });
    expect(listed.body.data.map((k) => k.id)).toEqual([id]);
    expect(JSON.stringify(listed.body.data)).not.toContain(secret);
    const stored = await app.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [id]);
    expect(stored.rows[0]!.key_hash).not.toContain(secret.slice(4));

    expect((await api.call<Project>('GET', base, { token: secret })).body.data).toMatchObject({ id: project.id, role: 'viewer' });
    expect((await api.call('PUT', base, { token: secret, body: { name: 'by key' } })).status).toBe(403);
    expect((await api.call('GET', `/api/projects/${other.id}`, { token: secret })).status).toBe(404);
    expect((await api.call<Project[]>('GET', '/api/projects', { token: secret })).body.data.map((p) => p.id)).toEqual([project.id]);
    expect((await api.call('POST', '/api/projects', { token: secret, body: { name: 'by key' } })).status).toBe(403);
    expect((await api.call('GET', '/auth/user/profile', { token: secret })).status).toBe(403);

    const admin = await withMember(project, owner, 'admin');
    const tooStrong = await api.call('POST', `${base}/api-keys`, { token: admin.accessToken, body: { name: 'x', role: 'admin' } });
    expect(tooStrong.status).toBe(201);
    expect((await api.call('POST', `${base}/api-keys`, { token: owner.accessToken, body: { name: 'x', role: 'owner' } })).status).toBe(422);

    expect((await api.call('DELETE', `${base}/api-keys/${id}`, { token: owner.accessToken })).status).toBe(200);
    const revoked = await api.call('GET', base, { token: secret });
    expect(revoked.status).toBe(401);
    expect((await api.call('DELETE', `${base}/api-keys/${id}`, { token: owner.accessToken })).status).toBe(404);
  });

  it('records an append-only audit log that owners can read, newest first, in pages', async () => {
    const owner = await api.signIn();
    const project = await projectOf(owner);
    const base = `/api/projects/${project.id}`;
    const member = await withMember(project, owner, 'editor');
    await api.call('PUT', `${base}/members/${member.userId}`, { token: owner.accessToken, body: { role: 'viewer' } });
    const key = await api.call<{ id: string }>('POST', `${base}/api-keys`, { token: owner.accessToken, body: { name: 'k', role: 'viewer' } });
    await api.call('DELETE', `${base}/api-keys/${key.body.data.id}`, { token: owner.accessToken });

    const log = await api.call<{ id: string; action: string; actorUserId: string }[]>('GET', `${base}/audit`, { token: owner.accessToken });
    expect(log.body.data.map((r) => r.action)).toEqual(['api_key.revoked', 'api_key.created', 'member.role_changed', 'member.added', 'project.created']);
    expect(log.body.data.every((r) => r.actorUserId === owner.userId)).toBe(true);
    const firstPage = await api.call<{ id: string; action: string }[]>('GET', `${base}/audit?limit=2`, { token: owner.accessToken });
    const nextBefore = firstPage.body.meta?.nextBefore as string;
    const secondPage = await api.call<{ action: string }[]>('GET', `${base}/audit?limit=2&before=${nextBefore}`, { token: owner.accessToken });
    expect(secondPage.body.data.map((r) => r.action)).toEqual(['member.role_changed', 'member.added']);

    await expect(app.db.query("UPDATE audit_log SET action = 'forged' WHERE project_id = $1", [project.id])).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM audit_log WHERE project_id = $1', [project.id])).rejects.toThrow(/append-only/);
  });
});
