import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityServices } from '../identity/services.js';
import { NO_LIVE_DOCUMENTS } from '../operations/live-documents.js';
import { VoteHub } from '../operations/votes/vote-hub.js';
import { createSecretBox } from '../platform/secrets.js';
import { createVault } from '../platform/vault.js';
import { createRestApp } from '../rest/create-rest-app.js';
import { OPERATIONS } from '../rest/openapi/operations.js';
import { parseConfig } from '../platform/config.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';
import { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import type { Config } from '../platform/config.js';

/** The local store's routes are registered too (described like the rest); nothing is written in these tests. */
function localAssets(config: Config) {
  const local = new LocalBlobStore('/nonexistent-blobs', 'x'.repeat(40), () => 'http://127.0.0.1:3000');
  const { maxBytes, projectQuotaBytes, uploadUrlTtlSeconds, downloadUrlTtlSeconds, cdnBaseUrl } = config.assets;
  return { blobs: local, local, settings: { maxBytes, projectQuotaBytes, uploadUrlTtlSeconds, downloadUrlTtlSeconds, cdnBaseUrl }, requestProcessing: async () => {} };
}

interface RouterLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every `method path` Express has registered, mount prefixes included, in OpenAPI's `{param}` style. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      const path = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        const routePath = `${prefix}${layer.route.path === '/' ? '' : String(layer.route.path)}` || '/';
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push(`${method} ${routePath.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${path}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

/** Answered as is, not in the `{ data }` envelope: the OpenAPI document itself. */
/** Answers without a JSON envelope: the document itself, browser redirects of the Google consent, and Google's notifications (204). */
const NOT_ENVELOPED = ['openApiDocument', 'adminBackup', 'connectGoogleCalendar', 'googleCalendarCallback', 'googleCalendarNotification', 'getLocalBlob', 'exportAnalytics', 'getInvoicePdf', 'sendChatMessage'];

describe('OpenAPI description', () => {
  let database: TestDatabase;
  let app: Express;
  const buildApp = () => {
    const config = parseConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(40) });
    return createRestApp({ config, db: database.db, logger: silentLogger, version: '0.0.0', identity: createIdentityServices(config, database.db), publicUrl: () => 'http://127.0.0.1:3000', live: NO_LIVE_DOCUMENTS, votes: new VoteHub(), secrets: createSecretBox('x'.repeat(40)), vault: createVault('v'.repeat(40)), publishEvents: async () => {}, requestDeliverySend: async () => true, requestCalendarSync: async () => {}, assets: localAssets(config) });
  };
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    app = buildApp();
  });
  afterAll(async () => {
    await database.cleanup();
  });

  it('describes exactly the routes the app registers', () => {
    // The web client's page and service worker are not API (and exist only once it is built).
    const routes = registeredRoutes(app).filter((route) => !['get /,/index.html', 'get /sw.js'].includes(route));
    expect(routes.length).toBeGreaterThan(20);
    const described = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    expect(routes.filter((route) => !described.includes(route)), 'registered but not described').toEqual([]);
    expect(described.filter((route) => !routes.includes(route)), 'described but not registered').toEqual([]);
  });

  it('notices a route added without a description', () => {
    const extra = buildApp();
    extra.get('/api/undocumented/:id', () => {});
    expect(registeredRoutes(extra)).toContain('get /api/undocumented/{id}');
  });

  it('gives every operation a unique id', () => {
    expect(new Set(OPERATIONS.map((op) => op.operationId)).size).toBe(OPERATIONS.length);
  });

  it('types what every /api/ operation answers, so `data: {}` never ships again', () => {
    const untyped = OPERATIONS.filter((op) => op.path.startsWith('/api/') && !NOT_ENVELOPED.includes(op.operationId) && !op.response).map((op) => `${op.operationId} (${op.method} ${op.path})`);
    expect(untyped, 'operations under /api/ without a `response` schema').toEqual([]);
  });
});

describe('GET /api/openapi.json', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp('pglite');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('serves a structurally valid OpenAPI 3.1 document without authentication', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers[0]!.url).toBe(server.url);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(placeholders);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(1);
      }
    }
    const addMember = document.paths['/api/projects/{projectId}/members']!.post!;
    expect(Object.keys(addMember.requestBody!.content['application/json']!.schema.properties!)).toEqual(['email', 'role']);
    expect(addMember.responses).toHaveProperty('409');
    // What the schemas above become on the wire: the success response's `data`, field by field.
    const dataOf = (path: string, method: string, status: string) =>
      (document.paths[path]![method]!.responses[status] as { content: Record<string, { schema: { properties: { data: { type?: string; properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } } } } }> }).content['application/json']!.schema.properties.data;
    expect(Object.keys(dataOf('/api/projects/{projectId}/members', 'post', '201').properties!)).toEqual(['userId', 'email', 'name', 'avatarUrl', 'role', 'joinedAt']);
    expect(dataOf('/api/projects/{projectId}/documents', 'get', '200')).toMatchObject({ type: 'array', items: { properties: { name: { type: 'string' }, archivedAt: expect.anything() } } });
    expect(dataOf('/api/projects/{projectId}/api-keys', 'post', '201').properties).toHaveProperty('secret');
    expect(dataOf('/api/projects/{projectId}/api-keys', 'get', '200').items!.properties).not.toHaveProperty('secret');
    for (const [path, operations] of Object.entries(document.paths).filter(([path]) => path.startsWith('/api/'))) {
      for (const [method, operation] of Object.entries(operations).filter(([, operation]) => !NOT_ENVELOPED.includes(operation.operationId))) {
        const success = Object.keys(operation.responses).find((status) => status.startsWith('2'))!;
        expect(dataOf(path, method, success), `${method} ${path}`).not.toEqual({});
      }
    }
  });
});
