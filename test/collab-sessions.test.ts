import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard } from '../documents/kanban/board.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';
import { within } from './helpers/within.js';

/** How long a closed session's sockets may stay open: the event is in-process, so this is generous. */
const CLOSE_WITHIN_MS = 1_000;

/**
 * Issue 21 item 7: ending a session (logout, refresh-token reuse) ends its open document
 * connections at once, whichever way they authenticated (Bearer token or session cookie),
 * and nothing written on them afterwards is stored. Other sessions of the same person go on.
 */
describe.each(BACKENDS)('ending a session closes its live connections: %s', (kind) => {
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

  function open(name: string, token: string, headers?: Record<string, string>): ConnectedProvider {
    const provider = connectProvider(app.wsUrl, name, token, { headers });
    providers.push(provider);
    return provider;
  }

  /** One person signed in twice (two sessions), with a board of their own open through each way in. */
  async function twoSessionsOnABoard() {
    const email = `sessions-${randomUUID()}@example.com`;
    const ending = await api.signIn(email);
    const other = await api.signIn(email);
    expect(other.userId).toBe(ending.userId);
    const created = await api.call<{ id: string }>('POST', '/api/projects', { token: other.accessToken, body: { name: 'Sessions' } });
    expect(created.status).toBe(201);
    const board = await createDocument(api, other.accessToken, created.body.data.id, 'kanban');
    const bearer = open(board.name, ending.accessToken);
    // Cookie-authenticated sockets carry our Origin, as a browser would.
    const cookie = open(board.name, '', { cookie: ending.cookie, origin: app.url });
    const survivor = open(board.name, other.accessToken);
    await expect(bearer.authenticated).resolves.toBe('read-write');
    await expect(cookie.authenticated).resolves.toBe('read-write');
    await Promise.all([bearer.synced, cookie.synced, survivor.synced]);
    return { ending, other, board, bearer, cookie, survivor };
  }

  /** After the session ended: its sockets were closed, writes on them are not stored, the other session writes on. */
  async function expectEnded(setup: Awaited<ReturnType<typeof twoSessionsOnABoard>>) {
    const { other, board, bearer, cookie, survivor } = setup;
    await expect(within(bearer.closed, CLOSE_WITHIN_MS, 'closing the Bearer socket')).resolves.toBe('session-ended');
    await expect(within(cookie.closed, CLOSE_WITHIN_MS, 'closing the cookie socket')).resolves.toBe('session-ended');

    addCard(bearer.doc, { id: 'bearer-after-end', columnId: 'todo', title: 'Must not land' });
    addCard(cookie.doc, { id: 'cookie-after-end', columnId: 'todo', title: 'Must not land' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    addCard(survivor.doc, { id: 'other-session', columnId: 'todo', title: 'Lands' });
    await survivor.saved.whenSaved();

    const stored = open(board.name, other.accessToken);
    await stored.synced;
    const cards = stored.doc.getMap('cards');
    expect(cards.has('other-session')).toBe(true);
    expect(cards.has('bearer-after-end')).toBe(false);
    expect(cards.has('cookie-after-end')).toBe(false);
    expect(survivor.doc.getMap('cards').has('bearer-after-end')).toBe(false);
    expect(survivor.socketCloses).toEqual([]);
    await expect(within(survivor.closed, 50, 'closing the other session').catch(() => 'still open')).resolves.toBe('still open');
  }

  it('logout closes the session’s Bearer and cookie sockets with session-ended; another session stays open', async () => {
    const setup = await twoSessionsOnABoard();
    const out = await api.call<{ signedOut: boolean }>('POST', '/auth/logout', { token: setup.ending.accessToken });
    expect(out.status).toBe(200);
    expect(out.body.data.signedOut).toBe(true);
    await expectEnded(setup);
  });

  it('refresh-token reuse closes the session’s sockets, including those opened with a later access token', async () => {
    const setup = await twoSessionsOnABoard();
    const first = await api.call<{ accessToken: string }>('POST', '/auth/refresh', { body: { refreshToken: setup.ending.refreshToken } });
    expect(first.status).toBe(200);
    const rotated = open(setup.board.name, first.body.data.accessToken);
    await rotated.synced;

    const reused = await api.call('POST', '/auth/refresh', { body: { refreshToken: setup.ending.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.error?.code).toBe('REFRESH_TOKEN_REUSED');
    await expect(within(rotated.closed, CLOSE_WITHIN_MS, 'closing the socket of the rotated token')).resolves.toBe('session-ended');
    await expectEnded(setup);
  });

  it('a new connection through the ended session is refused', async () => {
    const setup = await twoSessionsOnABoard();
    expect((await api.call('POST', '/auth/logout', { token: setup.ending.accessToken })).status).toBe(200);
    await expect(open(setup.board.name, setup.ending.accessToken).denied).resolves.toBe('unauthorized');
    await expect(open(setup.board.name, '', { cookie: setup.ending.cookie, origin: app.url }).denied).resolves.toBe('unauthorized');
  });
});
