import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { grantInstanceAdmin } from '../../identity/instance-admins.js';
import { client } from '../helpers/client.js';
import { browserSuite, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

if (!hasChromium) console.warn(`\n!!! SKIPPING the erasure browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 30_000, interval: 100 };

/** Everything the page's IndexedDB copy of a document holds (y-indexeddb's updates), as Latin-1 text to search. */
const localCopy = (page: Page, database: string) =>
  page.evaluate(
    (name) =>
      new Promise<string | null>((resolve) => {
        const request = indexedDB.open(name);
        request.onerror = () => resolve(null);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('updates')) return (db.close(), resolve(null));
          const all = db.transaction('updates').objectStore('updates').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Uint8Array[]).map((bytes) => new TextDecoder('latin1').decode(bytes)).join('\n'));
          };
          all.onerror = () => (db.close(), resolve(null));
        };
      }),
    database,
  );

describe.skipIf(!hasChromium)('a board open in a browser when someone who wrote in it is erased', () => {
  const suite = browserSuite({ WORKER_POLL_INTERVAL_MS: '200' });

  it('drops the browser’s copy (IndexedDB too), loads the board afresh and says so', { timeout: 120_000 }, async () => {
    const olivia = await suite.person('Olivia');
    const me = await suite.call<{ id: string }>(olivia.page, 'GET', '/auth/user/profile');
    const project = await suite.call<{ id: string }>(olivia.page, 'POST', '/api/projects', { name: 'Launch' });
    const board = await suite.call<{ name: string }>(olivia.page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Shared board' });
    const api = client(suite.app.url);
    const zed = await api.signIn(undefined, 'Zed Erasable');
    await suite.call(olivia.page, 'POST', `/api/projects/${project.id}/members`, { email: zed.email, role: 'editor' });
    const card = await api.call<{ id: string }>('POST', '/api/tasks', { token: zed.accessToken, body: { projectId: project.id, boardId: board.name.split(':')[2], title: 'Zed card' } });
    expect(card.status).toBe(201);
    expect((await api.call('POST', `/api/tasks/${card.body.data.id}/comments`, { token: zed.accessToken, body: { body: 'Zed was here' } })).status).toBe(201);

    const page = olivia.page;
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.getByText('Zed card').waitFor();
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    const database = `studio:u:${me.id}:doc:${board.name}`;
    await expect.poll(async () => (await localCopy(page, database)) ?? '', POLL).toContain(zed.userId);

    await grantInstanceAdmin(suite.app.db, olivia.email, 'test');
    const erasure = await suite.call<{ id: string }>(page, 'POST', '/api/admin/erasures', { userId: zed.userId });
    await expect.poll(async () => (await suite.call<{ status: string }>(page, 'GET', `/api/admin/erasures/${erasure.id}`)).status, POLL).toBe('done');

    await page.getByTestId('document-reset-notice').waitFor();
    await page.getByText('Zed card').waitFor();
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    // The copy kept now is the new document: nothing of Zed, and the board still works.
    await expect.poll(async () => (await localCopy(page, database)) ?? '', POLL).toContain('Zed card');
    const kept = (await localCopy(page, database)) ?? '';
    expect(kept).not.toContain(zed.userId);
    expect(kept).not.toContain('Zed Erasable');
    await page.fill('[data-testid=column-todo] input[name=new-card]', 'After the erasure');
    await page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'erasure-document-reset.png'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });

  it('a person erases their own account from “Your data”: confirmed by their email, then signed out', { timeout: 120_000 }, async () => {
    const zoe = await suite.person('Zoe');
    const me = await suite.call<{ id: string }>(zoe.page, 'GET', '/auth/user/profile');
    await zoe.page.goto(`${suite.app.url}/#/me`);
    const button = zoe.page.getByTestId('erase-account');
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await zoe.page.fill('input[name=confirm-email]', 'someone@else.example');
    expect(await button.isDisabled()).toBe(true);
    await zoe.page.fill('input[name=confirm-email]', zoe.email.toUpperCase());
    await button.click();
    await zoe.page.locator('input[name=email]').waitFor();
    await expect
      .poll(async () => (await suite.app.db.query<{ status: string }>(`SELECT status FROM erasures WHERE requested_by = 'self' ORDER BY created_at DESC LIMIT 1`)).rows[0]?.status, POLL)
      .toBe('done');
    expect((await suite.app.db.query('SELECT 1 FROM users WHERE id = $1', [me.id])).rows).toHaveLength(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
