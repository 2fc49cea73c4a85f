import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocument } from '../storage/document-log.js';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';

const EVIL = 'https://evil.example';
const PARTNER = 'https://studio.partner.example';

function cardIds(doc: Y.Doc): string[] {
  return readBoard(doc).columns.flatMap((column) => column.cards.map((card) => card.id));
}

/**
 * Browsers send the session cookie with any page's WebSocket, so a cookie-authenticated upgrade
 * must come from one of our origins, as a cookie-authenticated REST change must.
 */
describe.each(BACKENDS)('the Origin rule on cookie-authenticated WebSocket upgrades: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let projectId: string;
  const providers: ConnectedProvider[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', ALLOWED_ORIGINS: PARTNER });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Origins' } })).body.data.id;
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

  /** How the server answered the connection: its denial reason, or the scope it granted. */
  function outcome(provider: ConnectedProvider): Promise<string> {
    return Promise.race([provider.denied, provider.authenticated.then((scope) => `granted ${scope}`)]);
  }

  async function freshBoard(): Promise<string> {
    return (await createDocument(api, owner.accessToken, projectId, 'kanban', { id: `b-${randomUUID()}` })).name;
  }

  /** What is stored for the document, not what a client believes. */
  async function storedCards(name: string): Promise<string[]> {
    const stored = new Y.Doc();
    for (const update of (await loadDocument(app.db, name)).updates) Y.applyUpdate(stored, update);
    return cardIds(stored);
  }

  it('refuses the cookie from a foreign Origin with forbidden-origin, and nothing it tries is written', async () => {
    const name = await freshBoard();
    const hostile = open(name, '', { cookie: owner.cookie, origin: EVIL });
    const answer = await outcome(hostile);
    if (answer !== 'forbidden-origin') {
      // The probe's attack, carried out when the server lets it in: write a card and wait until it is stored.
      await hostile.synced;
      addCard(hostile.doc, { id: 'planted', columnId: 'todo', title: 'from evil.example' });
      await hostile.saved.whenSaved();
    }

    const witness = open(name, owner.accessToken);
    await witness.synced;
    expect(cardIds(witness.doc)).not.toContain('planted');
    expect(await storedCards(name)).not.toContain('planted');
    expect(answer).toBe('forbidden-origin');
  });

  it('refuses the cookie without any Origin (browsers always send one on a WebSocket)', async () => {
    const name = await freshBoard();
    await expect(outcome(open(name, '', { cookie: owner.cookie }))).resolves.toBe('forbidden-origin');
    // A Referer is not an Origin: browsers never omit Origin on an upgrade.
    await expect(outcome(open(name, '', { cookie: owner.cookie, referer: `${app.url}/boards` }))).resolves.toBe('forbidden-origin');
  });

  it('accepts the cookie from PUBLIC_URL’s origin and from ALLOWED_ORIGINS, and it writes', async () => {
    const name = await freshBoard();
    const own = open(name, '', { cookie: owner.cookie, origin: app.url });
    await expect(own.authenticated).resolves.toBe('read-write');
    await own.synced;
    addCard(own.doc, { id: 'from-own', columnId: 'todo', title: 'ours' });
    await own.saved.whenSaved();
    expect(await storedCards(name)).toContain('from-own');

    await expect(open(name, '', { cookie: owner.cookie, origin: PARTNER }).authenticated).resolves.toBe('read-write');
  });

  it('keeps token authentication working with any Origin or none; the cookie is then not the credential', async () => {
    const name = await freshBoard();
    const key = await api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: owner.accessToken, body: { name: `bot-${randomUUID()}`, role: 'editor' } });
    await expect(open(name, owner.accessToken, { origin: EVIL }).authenticated).resolves.toBe('read-write');
    await expect(open(name, owner.accessToken, { cookie: owner.cookie, origin: EVIL }).authenticated).resolves.toBe('read-write');
    await expect(open(name, key.body.data.secret).authenticated).resolves.toBe('read-write');
    await expect(open(name, key.body.data.secret, { origin: EVIL }).authenticated).resolves.toBe('read-write');
    // A bad token never falls back to the cookie.
    await expect(open(name, 'garbage', { cookie: owner.cookie, origin: app.url }).denied).resolves.toBe('unauthorized');
  });
});
