import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type Reply, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

interface Project {
  id: string;
  name: string;
  description: string;
}

interface Document {
  id: string;
  name: string;
  projectId: string;
  title: string;
}

const NUL = 'before\u0000after';
const LONE_HIGH = 'lone \uD83C surrogate';
const LONE_LOW = 'lone \uDFAC surrogate';

/** A refusal of bad input: 422 in our envelope, naming the offending field. */
function expectInvalid(reply: Reply, field: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  expect(reply.body.data).toBeNull();
  expect(reply.body.error?.code).toBe('VALIDATION_FAILED');
  expect(reply.body.error?.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
}

/** What hostile clients sent to a real server that answered 500 before; each must be a 4xx and change nothing. */
describe.each(BACKENDS)('hostile REST input: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function freshProject(who: SignedIn, name = `Project ${randomUUID()}`): Promise<Project> {
    const reply = await api.call<Project>('POST', '/api/projects', { token: who.accessToken, body: { name } });
    expect(reply.status).toBe(201);
    return reply.body.data;
  }

  async function projectNames(who: SignedIn): Promise<string[]> {
    const reply = await api.call<Project[]>('GET', '/api/projects?limit=100', { token: who.accessToken });
    return reply.body.data.map((p) => p.name);
  }

  describe('text fields refuse NUL and lone surrogates', () => {
    beforeAll(async () => {
      owner = await api.signIn();
    });

    it('project name and description, on create and update', async () => {
      const before = await projectNames(owner);
      for (const name of [NUL, LONE_HIGH, LONE_LOW]) {
        expectInvalid(await api.call('POST', '/api/projects', { token: owner.accessToken, body: { name } }), 'name');
        expectInvalid(await api.call('POST', '/api/projects', { token: owner.accessToken, body: { name: 'fine', description: name } }), 'description');
      }
      expect(await projectNames(owner)).toEqual(before);

      const project = await freshProject(owner);
      for (const bad of [NUL, LONE_HIGH]) {
        expectInvalid(await api.call('PUT', `/api/projects/${project.id}`, { token: owner.accessToken, body: { name: bad } }), 'name');
        expectInvalid(await api.call('PUT', `/api/projects/${project.id}`, { token: owner.accessToken, body: { description: bad } }), 'description');
      }
      const read = await api.call<Project>('GET', `/api/projects/${project.id}`, { token: owner.accessToken });
      expect(read.body.data).toMatchObject({ name: project.name, description: '' });
    });

    it('document title, on create and rename; a well-formed emoji is fine', async () => {
      const project = await freshProject(owner);
      const base = `/api/projects/${project.id}/documents`;
      for (const [index, title] of [NUL, LONE_HIGH, LONE_LOW].entries()) {
        const id = `bad-${index}`;
        expectInvalid(await api.call('POST', base, { token: owner.accessToken, body: { kind: 'kanban', id, title } }), 'title');
        expect((await api.call('GET', `${base}/${id}`, { token: owner.accessToken })).status).toBe(404);
      }
      const created = await api.call<Document>('POST', base, { token: owner.accessToken, body: { kind: 'kanban', id: 'good', title: 'Shoot 🎬 day' } });
      expect(created.status).toBe(201);
      expect(created.body.data.title).toBe('Shoot 🎬 day');
      for (const title of [NUL, LONE_HIGH]) {
        expectInvalid(await api.call('PUT', `${base}/good`, { token: owner.accessToken, body: { title } }), 'title');
      }
      expect((await api.call<Document>('GET', `${base}/good`, { token: owner.accessToken })).body.data.title).toBe('Shoot 🎬 day');
      const audit = await api.call<{ action: string }[]>('GET', `/api/projects/${project.id}/audit`, { token: owner.accessToken });
      expect(audit.body.data.map((r) => r.action)).toEqual(['document.created', 'project.created']);
    });

    it('profile name, on dev login and on the profile', async () => {
      const email = `hostile-${randomUUID()}@example.com`;
      for (const name of [NUL, LONE_HIGH]) {
        expectInvalid(await api.call('POST', '/auth/dev/login', { body: { email, name } }), 'name');
      }
      const me = await api.signIn(undefined, 'Plain Name');
      for (const name of [NUL, LONE_LOW]) {
        expectInvalid(await api.call('PUT', '/auth/user/profile', { token: me.accessToken, body: { name } }), 'name');
      }
      for (const avatarUrl of [`https://example.com/${NUL}.png`, `https://example.com/${LONE_HIGH}.png`]) {
        expectInvalid(await api.call('PUT', '/auth/user/profile', { token: me.accessToken, body: { avatarUrl } }), 'avatarUrl');
      }
      const profile = await api.call<{ name: string; avatarUrl: string | null }>('GET', '/auth/user/profile', { token: me.accessToken });
      expect(profile.body.data).toMatchObject({ name: 'Plain Name', avatarUrl: null });
    });

    it('API key name and SAML connection id', async () => {
      const project = await freshProject(owner);
      for (const name of [NUL, LONE_HIGH]) {
        expectInvalid(await api.call('POST', `/api/projects/${project.id}/api-keys`, { token: owner.accessToken, body: { name, role: 'viewer' } }), 'name');
      }
      expect((await api.call<unknown[]>('GET', `/api/projects/${project.id}/api-keys`, { token: owner.accessToken })).body.data).toEqual([]);
      expectInvalid(await api.call('POST', '/auth/saml/login', { body: { connection: NUL } }), 'connection');
      // In the path, an id that could never be stored is simply not found.
      for (const id of ['%00', 'a%00b']) {
        const metadata = await api.call('GET', `/auth/saml/metadata/${id}`);
        expect(metadata.status, id).toBe(404);
        expect(metadata.body.error?.code).toBe('NOT_FOUND');
      }
    });
  });

  it('answers 400 BAD_REQUEST to a path parameter that is not percent-encoded UTF-8 (a lone surrogate)', async () => {
    const me = await api.signIn();
    const project = await freshProject(me);
    for (const [method, path] of [
      ['GET', '/api/projects/%ED%A0%80'],
      ['PUT', `/api/projects/${project.id}/members/%ED%A0%80`],
      ['GET', `/api/projects/${project.id}/documents/%ED%A0%80`],
      ['GET', '/auth/saml/metadata/%ED%A0%80'],
    ] as const) {
      const reply = await api.call(method, path, { token: me.accessToken, body: method === 'PUT' ? { role: 'viewer' } : undefined });
      expect(reply.status, `${method} ${path}`).toBe(400);
      expect(reply.body).toMatchObject({ data: null, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('bounds the audit cursor to a bigint: one past the largest is 422, the largest is fine', async () => {
    const me = await api.signIn();
    const project = await freshProject(me);
    const base = `/api/projects/${project.id}/audit`;
    expectInvalid(await api.call('GET', `${base}?before=9223372036854775808`, { token: me.accessToken }), 'before');
    expectInvalid(await api.call('GET', `${base}?before=9999999999999999999`, { token: me.accessToken }), 'before');
    const largest = await api.call<{ action: string }[]>('GET', `${base}?before=9223372036854775807`, { token: me.accessToken });
    expect(largest.status).toBe(200);
    expect(largest.body.data.map((r) => r.action)).toEqual(['project.created']);
  });

  it('accepts upper-case ids and stores them normalised, on every route that takes one', async () => {
    const me = await api.signIn();
    const project = await freshProject(me);
    const upper = project.id.toUpperCase();
    const created = await api.call<Document>('POST', `/api/projects/${upper}/documents`, { token: me.accessToken, body: { kind: 'kanban', id: 'upper', title: 'Upper' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ projectId: project.id, name: `kanban:${project.id}:upper` });
    expect((await api.call<Document>('GET', `/api/projects/${project.id}/documents/upper`, { token: me.accessToken })).body.data.projectId).toBe(project.id);
    expect((await api.call<Project>('GET', `/api/projects/${upper}`, { token: me.accessToken })).body.data.id).toBe(project.id);

    const member = await api.signIn();
    expect((await api.call('POST', `/api/projects/${upper}/members`, { token: me.accessToken, body: { email: member.email, role: 'editor' } })).status).toBe(201);
    const changed = await api.call<{ userId: string; role: string }>('PUT', `/api/projects/${upper}/members/${member.userId.toUpperCase()}`, { token: me.accessToken, body: { role: 'viewer' } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ userId: member.userId, role: 'viewer' });
    // The audit log (and the access events live connections follow) name the member as stored.
    const audit = await api.call<{ action: string; target: string; projectId: string }[]>('GET', `/api/projects/${upper}/audit`, { token: me.accessToken });
    const roleChange = audit.body.data.find((r) => r.action === 'member.role_changed');
    expect(roleChange).toMatchObject({ target: member.userId, projectId: project.id });
    expect(audit.body.data.find((r) => r.action === 'document.created')).toMatchObject({ target: `kanban:${project.id}:upper` });

    // Malformed ids are simply not found, never a database error.
    expect((await api.call('DELETE', `/api/projects/${project.id}/api-keys/${'-'.repeat(36)}`, { token: me.accessToken })).status).toBe(404);
    expect((await api.call('PUT', `/api/projects/${project.id}/members/${'-'.repeat(36)}`, { token: me.accessToken, body: { role: 'viewer' } })).status).toBe(404);
  });

  describe('request bodies that cannot be decoded', () => {
    async function send(path: string, headers: Record<string, string>, body: Uint8Array): Promise<Reply> {
      const response = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: new Uint8Array(body) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    }

    it('answers 400 INVALID_BODY when gzip, deflate or br fail to decompress, and writes nothing', async () => {
      const me = await api.signIn();
      const before = await projectNames(me);
      const garbage = new TextEncoder().encode('this is not compressed at all');
      const truncated = zlib.gzipSync(JSON.stringify({ name: 'truncated' })).subarray(0, 12);
      for (const [encoding, body] of [['gzip', garbage], ['deflate', garbage], ['br', garbage], ['gzip', truncated]] as const) {
        for (const path of ['/api/projects', '/auth/dev/login']) {
          const reply = await send(path, { authorization: `Bearer ${me.accessToken}`, 'content-encoding': encoding }, body);
          expect(reply.status, `${encoding} ${path}`).toBe(400);
          expect(reply.body).toMatchObject({ data: null, error: { code: 'INVALID_BODY' } });
        }
      }
      expect(await projectNames(me)).toEqual(before);
      // The same encodings, well formed, are read as usual.
      const good = await send('/api/projects', { authorization: `Bearer ${me.accessToken}`, 'content-encoding': 'gzip' }, zlib.gzipSync(JSON.stringify({ name: 'gzipped' })));
      expect(good.status).toBe(201);
      expect(await projectNames(me)).toEqual(['gzipped', ...before]);
    });

    it('answers 415 UNSUPPORTED_MEDIA_TYPE to an encoding it does not know, in the envelope', async () => {
      const me = await api.signIn();
      const reply = await send('/api/projects', { authorization: `Bearer ${me.accessToken}`, 'content-encoding': 'compress' }, new TextEncoder().encode('{"name":"x"}'));
      expect(reply.status).toBe(415);
      expect(reply.body).toMatchObject({ data: null, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      expect(await projectNames(me)).toEqual([]);
    });
  });
});
