import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/** Annotations in the browser: comment on a selection, reply, and see who wrote what and when. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the annotations browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('annotations in the web client', () => {
  const suite = browserSuite();

  const person = (name: string) => suite.person(name);

  const { call } = suite;

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

    await ada.page.goto(`${suite.app.url}/#/d/${encodeURIComponent(notes.name)}`);
    await ada.page.fill('input[name=source-title]', 'Cold open');
    await ada.page.fill('textarea[name=source-text]', 'We open on the studio at dawn. The host walks in.');
    await ada.page.getByRole('button', { name: 'Save text' }).click();
    await ada.page.getByTestId('source-text').waitFor();
    await select(ada.page, 'studio at dawn');
    await ada.page.fill('textarea[name=thread-body]', 'Can we afford a dawn shoot?');
    await ada.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const thread = ada.page.locator('[data-testid^=thread-]');
    await expect.poll(() => thread.getByTestId('byline').first().textContent(), POLL).toMatch(/^Ada · (just now|now)/);

    await ben.page.goto(`${suite.app.url}/#/d/${encodeURIComponent(notes.name)}`);
    const seen = ben.page.locator('[data-testid^=thread-]');
    await expect.poll(() => seen.getByTestId('byline').first().textContent(), POLL).toMatch(/^Ada · /);
    await seen.locator('input[name=reply]').fill('Yes, if we start at five.');
    await seen.locator('input[name=reply]').press('Enter');
    await expect.poll(() => thread.getByTestId('byline').nth(1).textContent(), POLL).toMatch(/^Ben · /);
    await ada.page.screenshot({ path: path.join(SCREENSHOTS, 'annotations.png'), fullPage: true });
  });
});
