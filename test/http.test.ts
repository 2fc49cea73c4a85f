import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { latestVersion } from '../platform/db/migrate.js';
import { BACKENDS } from './helpers/databases.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';
import { addColumn, readBoard } from '../documents/kanban/board.js';

describe.each(BACKENDS)('HTTP and WebSocket server: %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { JSON_BODY_LIMIT_BYTES: '1024', AUTH_DEV_LOGIN: 'true' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers /healthz and /readyz in the envelope', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ data: { status: 'ok' } });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ data: { status: 'ready', database: 'ok', schemaVersion: latestVersion(), expectedSchemaVersion: latestVersion() } });
  });

  it('describes itself at GET /api', async () => {
    const response = await fetch(`${app.url}/api`);
    expect(await response.json()).toEqual({ data: { name: 'studio-sync', version: '0.1.0', roles: ['api', 'collab', 'worker'], signIn: { devLogin: true, google: false } } });
  });

  it('answers unknown routes with 404 in the envelope', async () => {
    const response = await fetch(`${app.url}/does-not-exist?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ data: null, error: { code: 'NOT_FOUND', message: 'No route for GET /does-not-exist.' } });
    const api = client(app.url);
    const { accessToken } = await api.signIn();
    const underApi = await api.call('DELETE', '/api/does-not-exist', { token: accessToken });
    expect(underApi.status).toBe(404);
    expect(underApi.body.error?.code).toBe('NOT_FOUND');
  });

  it('answers a body that is not JSON with 400, never 500', async () => {
    const response = await fetch(`${app.url}/api`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unterminated' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ data: null, error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } });
  });

  it('answers an oversized body with 413', async () => {
    const response = await fetch(`${app.url}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(2048) }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps a sane incoming request id and makes one otherwise', async () => {
    const kept = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces and /slashes' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('syncs a document between two Hocuspocus providers over /collab', async () => {
    const api = client(app.url);
    const owner = await api.signIn();
    const project = await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Board' } });
    const { name } = await createDocument(api, owner.accessToken, project.body.data.id, 'kanban');
    const [a, b] = [connectProvider(app.wsUrl, name, owner.accessToken), connectProvider(app.wsUrl, name, owner.accessToken)];
    try {
      await Promise.all([a.synced, b.synced]);
      addColumn(a.doc, { id: 'launch', title: 'Launch plan' });
      await expect.poll(() => readBoard(b.doc).columns.map((column) => column.title)).toContain('Launch plan');
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('denies a malformed document name before loading anything', async () => {
    const provider = connectProvider(app.wsUrl, 'not-a-document', 'any-token');
    try {
      await expect(provider.denied).resolves.toBe('invalid-document-name');
    } finally {
      provider.destroy();
    }
  });

  it('refuses WebSocket upgrades on other paths', async () => {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/elsewhere`);
    const outcome = await new Promise<string>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
      socket.on('error', (error) => resolve(`error ${error.message}`));
      socket.on('open', () => resolve('open'));
    });
    expect(outcome).toMatch(/404/);
  });
});
