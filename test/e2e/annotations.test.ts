import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildWebOnce } from './web-build.js';
import { callAs, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/** Annotations in the browser: comment on a selection, reply, and see who wrote what and when. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the annotations browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('annotations in the web client', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    await buildWebOnce();
    app = await startTestApp(process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite', { AUTH_DEV_LOGIN: 'true' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function person(name: string): Promise<{ page: Page; email: string }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    await page.goto(app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    return { page, email };
  }

  const call = <T>(page: Page, method: string, url: string, body?: unknown) => callAs<T>(page, app.url, method, url, body);

  /** Selects `text` inside the source and lets the page capture it (as a mouse selection ends). */
  const select = (page: Page, text: string) =>
    page.getByTestId('source-text').evaluate((element, wanted) => {
      const node = element.firstChild!;
      const start = node.textContent!.indexOf(wanted);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + wanted.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      element.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, text);

  it('names the author of each comment and reply, with when', async () => {
    const ada = await person('Ada');
    const project = await call<{ id: string }>(ada.page, 'POST', '/api/projects', { name: 'Scripts' });
    const notes = await call<{ name: string }>(ada.page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'annotations', title: 'Episode 1' });
    const ben = await person('Ben');
    await call(ada.page, 'POST', `/api/projects/${project.id}/members`, { email: ben.email, role: 'commenter' });

    await ada.page.goto(`${app.url}/#/d/${encodeURIComponent(notes.name)}`);
    await ada.page.fill('input[name=source-title]', 'Cold open');
    await ada.page.fill('textarea[name=source-text]', 'We open on the studio at dawn. The host walks in.');
    await ada.page.getByRole('button', { name: 'Save text' }).click();
    await ada.page.getByTestId('source-text').waitFor();
    await select(ada.page, 'studio at dawn');
    await ada.page.fill('textarea[name=thread-body]', 'Can we afford a dawn shoot?');
    await ada.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const thread = ada.page.locator('[data-testid^=thread-]');
    await expect.poll(() => thread.getByTestId('byline').first().textContent(), POLL).toMatch(/^Ada · (just now|now)/);

    await ben.page.goto(`${app.url}/#/d/${encodeURIComponent(notes.name)}`);
    const seen = ben.page.locator('[data-testid^=thread-]');
    await expect.poll(() => seen.getByTestId('byline').first().textContent(), POLL).toMatch(/^Ada · /);
    await seen.locator('input[name=reply]').fill('Yes, if we start at five.');
    await seen.locator('input[name=reply]').press('Enter');
    await expect.poll(() => thread.getByTestId('byline').nth(1).textContent(), POLL).toMatch(/^Ben · /);
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'annotations.png'), fullPage: true });
  });
});
