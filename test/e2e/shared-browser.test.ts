import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, hasChromium, SCREENSHOTS, waitForOfflineShell } from './browser.js';

/**
 * One browser, several people: what one person's use leaves behind is never shown to the next,
 * online or offline; and the name people type is the name they get.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the shared-browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('a shared browser, and the names people give', () => {
  const suite = browserSuite();

  const emailOf = (name: string) => `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;

  async function signIn(page: Page, email: string, name: string): Promise<void> {
    await page.goto(suite.app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
  }

  const { call } = suite;

  /** What this app keeps in the browser: IndexedDB databases and localStorage keys of ours. */
  const leftovers = (page: Page) =>
    page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith('studio:') || /^(kanban|calendar|pipeline|annotations):/.test(name)),
      keys: Object.keys(localStorage).filter((key) => key.startsWith('studio:')),
    }));

  it('after Dana signs out, Carol on the same browser sees nothing of Dana’s board, online or offline', { timeout: 90_000 }, async () => {
    const context = await suite.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, emailOf('Dana'), 'Dana');
    const dana = await call<{ id: string }>(page, 'GET', '/auth/user/profile');
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Dana’s launch' });
    const board = await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Secret board' });
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.fill('[data-testid=column-todo] input[name=new-card]', 'Secret plan');
    await page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    await waitForOfflineShell(page);
    // Dana's copy is hers: named by her id.
    await expect.poll(async () => (await leftovers(page)).databases, POLL).toContain(`studio:u:${dana.id}:doc:${board.name}`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[name=email]').waitFor();
    await expect.poll(() => leftovers(page), POLL).toEqual({ databases: [], keys: [] });

    await signIn(page, emailOf('Carol'), 'Carol');
    // Online: the board is not Carol's; the server says so, and no copy of it is made for her.
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.getByTestId('access-message').waitFor();
    expect(await page.getByText('Secret plan').count()).toBe(0);
    // Offline, reloading Dana's board address shows nothing of it either.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('not-on-this-device').waitFor();
    expect(await page.getByText('Secret plan').count()).toBe(0);
    await context.setOffline(false);
    expect((await leftovers(page)).databases.filter((name) => name.includes(board.name))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shared-browser-offline.png'), fullPage: true });
  });

  it('a member added by email gets the name they type at sign-in, and can change it', async () => {
    const ownerContext = await suite.newContext();
    const owner = await ownerContext.newPage();
    await signIn(owner, emailOf('Olivia'), 'Olivia');
    const project = await call<{ id: string }>(owner, 'POST', '/api/projects', { name: 'Names' });
    const bobEmail = emailOf('bob');
    const added = await call<{ name: string }>(owner, 'POST', `/api/projects/${project.id}/members`, { email: bobEmail, role: 'editor' });
    // No name is made up for someone who has not said theirs.
    expect(added.name).toBe(bobEmail);

    const bobContext = await suite.newContext();
    const bob = await bobContext.newPage();
    await signIn(bob, bobEmail, 'Bob Builder');
    await expect.poll(() => bob.getByTestId('me').textContent(), POLL).toBe('Bob Builder');
    const members = await call<{ email: string; name: string }[]>(owner, 'GET', `/api/projects/${project.id}/members`);
    expect(members.find((member) => member.email === bobEmail)?.name).toBe('Bob Builder');

    await bob.getByTestId('me').click();
    await bob.fill('input[name=profile-name]', 'Robert');
    await bob.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => bob.getByTestId('me').textContent(), POLL).toBe('Robert');
    // And his colour, for his initials and presence everywhere.
    await bob.getByTestId('me').click();
    await bob.fill('input[name=profile-color]', '#2e8b57');
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.locator('.me-swatch').waitFor();
    expect((await call<{ color: string | null }>(bob, 'GET', '/auth/user/profile')).color).toBe('#2e8b57');
    // A later sign-in with another name does not overwrite the one Bob chose.
    await bob.getByRole('button', { name: 'Sign out' }).click();
    await signIn(bob, bobEmail, 'Someone Else');
    await expect.poll(() => bob.getByTestId('me').textContent(), POLL).toBe('Robert');
  });
});
