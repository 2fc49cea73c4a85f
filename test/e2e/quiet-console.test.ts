import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, browserSuite, hasChromium } from './browser.js';

/**
 * Normal use writes nothing to the browser console: no failed request on the sign-in page (a
 * refresh without a session), no socket closed while it was still connecting when someone moves
 * quickly between documents, no React warnings.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the quiet-console browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('the browser console on normal use', () => {
  const suite = browserSuite();

  /** Errors and warnings the page writes, and requests that failed, as lines. */
  function listen(page: Page): string[] {
    const lines: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning') lines.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) lines.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    return lines;
  }

  it('stays empty from a first visit through sign-in, documents, quick navigation and sign-out', { timeout: 90_000 }, async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    const lines = listen(page);

    // A first visit: nobody is signed in, and nothing fails for it.
    await page.goto(suite.app.url);
    await page.locator('input[name=email]').waitFor();
    await page.waitForLoadState('networkidle');
    expect(lines).toEqual([]);

    await page.fill('input[name=email]', `quinn-${Date.now()}@example.com`);
    await page.fill('input[name=name]', 'Quinn');
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();

    const project = await suite.call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Quiet' });
    const kinds = ['kanban', 'calendar', 'pipeline', 'annotations'] as const;
    const documents = [];
    for (const kind of kinds) documents.push(await suite.call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind, title: `A ${kind}` }));

    // Moving on before a document's socket has connected must not leave a warning behind.
    for (const document of documents) await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(document.name)}`);
    for (const document of documents) {
      await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(document.name)}`);
      await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    }
    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}`);
    await page.getByTestId('document-kanban').waitFor();

    // A reload keeps the session (one refresh, answered), and signing out ends it quietly, even
    // with a request still under way (held here until after the sign-out, so the race is certain).
    let held = 0;
    await page.route('**/api/projects/*/retention', async (route) => {
      held++;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue().catch(() => undefined);
    });
    await page.reload();
    await page.getByTestId('me').waitFor();
    await expect.poll(() => held, POLL).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[name=email]').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await page.reload();
    await page.locator('input[name=email]').waitFor();
    await page.waitForLoadState('networkidle');
    expect(lines).toEqual([]);
  });

  it('stays empty when someone signs out while a chat answer is still on its way', { timeout: 60_000 }, async () => {
    const { page } = await suite.person('Casey');
    const lines = listen(page);
    const project = await suite.call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Chatty' });
    await page.goto(`${suite.app.url}/#/p/${project.id}`);
    await page.getByTestId('knowledge-link').click();
    // The question is held until after the sign-out: sent then, it would come back 401 and try a refresh.
    let held = 0;
    let released = false;
    await page.route('**/api/chat/message', async (route) => {
      held++;
      await expect.poll(() => released, POLL).toBe(true);
      await route.continue().catch(() => undefined);
    });
    await page.getByLabel('Your question').fill('Anything there?');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect.poll(() => held, POLL).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[name=email]').waitFor();
    released = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.waitForLoadState('networkidle');
    expect(lines).toEqual([]);
  });
});
