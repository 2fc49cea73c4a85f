import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from './helpers/app.js';
import { client } from './helpers/client.js';

/** The machine's Redis (CI starts it). Each run writes under its own key prefix, so runs sharing it never meet. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A port nothing listens on: Redis "down" for the whole test. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Ready {
  status: string;
  redis?: string;
}

describe('instances sharing Redis: caches and rate limits', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await startTestApp('postgres', { AUTH_DEV_LOGIN: 'true', ...env });
    apps.push(app);
    return app;
  };
  // Two instances of one deployment: one Redis, one key prefix (each has its own database here; what they share is Redis).
  const shared = { REDIS_URL, REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`, RATE_LIMIT_AUTH_PER_MINUTE: '8' };
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    [first, second] = await Promise.all([start(shared), start(shared)]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('shares dashboard answers and their invalidation across instances', async () => {
    const api = client(first.url);
    const owner = await api.signIn();
    const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Shared' } })).body.data.id;
    const get = () => api.call('GET', `/api/dashboard/overview?projectId=${projectId}&days=7`, { token: owner.accessToken });
    expect((await get()).headers.get('x-cache')).toBe('MISS');
    expect((await get()).headers.get('x-cache')).toBe('HIT');
    // Another process on the same Redis and prefix: its invalidation reaches the first one's answers.
    expect(second.dashboards.cache?.cache.kind).toBe('redis');
    await second.dashboards.changed([projectId]);
    expect((await get()).headers.get('x-cache')).toBe('MISS');
    const ready = await api.call<Ready>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.data).toMatchObject({ status: 'ready', redis: 'ok' });
  });

  it('draws every instance on one rate-limit budget', async () => {
    // Sign-ins are limited per client address: alternating instances, each answer's remaining
    // budget is one below the other instance's last, down to 0, then both refuse.
    const signIn = (app: TestApp) => client(app.url).call('POST', '/auth/dev/login', { body: { email: `${randomUUID()}@example.com` } });
    const remaining: number[] = [];
    const refused: number[] = [];
    for (let i = 0; i < 12; i++) {
      const reply = await signIn(i % 2 === 0 ? first : second);
      if (reply.status === 200) remaining.push(Number(reply.headers.get('ratelimit-remaining')));
      else refused.push(reply.status);
    }
    expect(remaining.at(-1)).toBe(0);
    expect(remaining).toEqual(remaining.map((_, index) => remaining[0]! - index));
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(new Set(refused)).toEqual(new Set([429]));
  });

  it('answers, limits and reports it when Redis is unreachable', async () => {
    const down = await start({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    const api = client(down.url);
    const ready = await api.call<Ready>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.data).toMatchObject({ status: 'ready', redis: 'unreachable' });
    const someone = await api.signIn();
    const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: someone.accessToken, body: { name: 'No Redis' } })).body.data.id;
    for (let i = 0; i < 2; i++) {
      const reply = await api.call('GET', `/api/dashboard/overview?projectId=${projectId}&days=7`, { token: someone.accessToken });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-cache')).toBe('MISS');
    }
    // The limit holds per process meanwhile: one sign-in above, two more, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.call('POST', '/auth/dev/login', { body: { email: `${randomUUID()}@example.com` } })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
