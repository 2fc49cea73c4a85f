import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * A document's history panel in the browser: an automatic version appears by itself, the owner
 * names one, changes the board, previews the named version and restores it (her board and an
 * editor's follow live, no reload), then undoes the restore from "Before a restore". A viewer
 * reads the history without Save or Restore. Axe on the open panel, at 1,400 and 390 px.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the document history browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };
/** An automatic version needs a quiet second on the server, then the panel's next poll (every 5 s). */
const CHECKPOINT_POLL = { timeout: 30_000, interval: 200 };

describe.skipIf(!hasChromium)('the history panel of a document', () => {
  // One quiet second makes an automatic checkpoint (five minutes in production).
  const suite = browserSuite({ HISTORY_QUIET_SECONDS: '1' });
  const { call, pageErrors } = suite;
  const person = (name: string) => suite.person(name);

  const card = (page: Page, title: string) => page.locator(`[data-testid^=card-][data-title="${title}"]`);
  const cardsIn = (page: Page, columnId: string) => page.locator(`[data-testid=column-${columnId}] [data-testid^=card-]`).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-title')));
  const versions = (page: Page) => page.getByTestId('history-version');
  const versionOfKind = (page: Page, kind: string) => page.locator(`[data-testid=history-version][data-kind=${kind}]`);
  const summaryTitles = (page: Page) => page.getByTestId('history-summary-title').allTextContents();
  const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');

  /** Serious and critical violations, named with where they are (as accessibility.test.ts). */
  async function violations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
  }

  async function addCard(page: Page, title: string) {
    await page.fill('[data-testid=column-todo] input[name=new-card]', title);
    await page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    await card(page, title).waitFor();
  }

  it('names, previews and restores versions; the board follows live; a viewer only reads', async () => {
    const owner = await person('Olivia');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'History');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const board = await call<{ id: string; name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Launch board' });
    const boardUrl = `${suite.app.url}/#/d/${encodeURIComponent(board.name)}`;
    const editor = await person('Eddie');
    await call(page, 'POST', `/api/projects/${projectId}/members`, { email: editor.email, role: 'editor' });

    await page.goto(boardUrl);
    await page.getByTestId('column-todo').waitFor();
    // Before anything is saved, the panel says what history is.
    await page.getByTestId('history-open').click();
    await expect.poll(() => page.getByTestId('history-empty').textContent(), POLL).toContain('Versions are saved automatically after a few quiet minutes; name one to keep it.');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('history-panel').count(), POLL).toBe(0);
    // Focus goes back to the button that opened the panel.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-open');

    await addCard(page, 'Script');
    await addCard(page, 'Shoot');
    await saved(page);
    await editor.page.goto(boardUrl);
    await card(editor.page, 'Shoot').waitFor();

    // An automatic version appears in the open panel by itself, made by the server ("Studio").
    await page.getByTestId('history-open').click();
    await expect.poll(() => versionOfKind(page, 'auto').count(), CHECKPOINT_POLL).toBeGreaterThanOrEqual(1);
    const automatic = versionOfKind(page, 'auto').first();
    expect(await automatic.textContent()).toMatch(/^Saved automatically.*· Studio$/);
    // Its preview: the two cards, and who added them.
    await automatic.click();
    // Both cards, unless the server was quick enough to checkpoint between them.
    await expect.poll(() => summaryTitles(page), POLL).toContain('Script');
    expect(await page.getByTestId('history-changes').textContent()).toMatch(/Olivia added “(Script|Shoot)”/);
    // Focus moved to the preview; back in the list it returns to the version.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H3');
    await page.getByTestId('history-back').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('auto');

    // Naming the current state.
    await page.fill('input[name=version-label]', 'Two cards');
    await page.getByRole('button', { name: 'Save this version' }).click();
    await expect.poll(() => page.getByTestId('history-saved').textContent(), POLL).toBe('Saved this version as “Two cards”.');
    const twoCards = versions(page).filter({ hasText: 'Named: Two cards' });
    await twoCards.waitFor();
    expect(await twoCards.textContent()).toContain('Olivia');
    expect(await page.getByTestId('history-save').getByRole('textbox', { name: 'Name this version' }).inputValue()).toBe('');
    expect(await violations(page), 'the list, 1,400 px').toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document-history-list-1400.png') });
    await page.getByTestId('history-close').click();

    // The board moves on: a third card, and the first renamed.
    await addCard(page, 'Edit');
    await card(page, 'Script').locator('.card-title').click();
    await card(page, 'Script').locator('[name=card-title]').fill('Script v2');
    await card(page, 'Script').locator('[name=card-title]').press('Enter');
    await card(page, 'Script v2').waitFor();
    await expect.poll(() => cardsIn(editor.page, 'todo'), POLL).toEqual(['Script v2', 'Shoot', 'Edit']);
    await saved(page);

    // Preview the named version: its two cards.
    await page.evaluate(() => {
      (window as unknown as { stillThisPage?: boolean }).stillThisPage = true;
    });
    await page.getByTestId('history-open').click();
    await versions(page).filter({ hasText: 'Named: Two cards' }).click();
    await expect.poll(() => summaryTitles(page), POLL).toEqual(['Script', 'Shoot']);
    expect(await page.getByTestId('history-summary').textContent()).toContain('4 columns, 2 cards');

    // Restore, asked first in place; both boards go back to two cards without a reload.
    await page.getByTestId('history-restore').click();
    const question = page.getByTestId('history-confirm');
    expect(await question.textContent()).toContain('saved first, as “Before a restore”');
    await page.getByTestId('history-confirm-restore').click();
    await expect.poll(() => page.getByTestId('history-restored').textContent(), POLL).toContain('Restored: 0 added, 1 changed, 1 removed.');
    expect(await page.getByTestId('history-restored').textContent()).toContain('saved as “Before a restore”');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script', 'Shoot']);
    await expect.poll(() => cardsIn(editor.page, 'todo'), POLL).toEqual(['Script', 'Shoot']);
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    expect(await violations(page), 'a restored version, 1,400 px').toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document-history-restored-1400.png') });

    // The state before the restore is a version of its own: restoring it undoes the restore.
    await page.getByTestId('history-back').click();
    const beforeRestore = versionOfKind(page, 'before-restore');
    await expect.poll(() => beforeRestore.count(), POLL).toBe(1);
    expect(await beforeRestore.textContent()).toMatch(/^Before a restoreBefore restoring “Two cards”.*· Olivia$/);
    await beforeRestore.click();
    await expect.poll(() => summaryTitles(page), POLL).toEqual(['Script v2', 'Shoot', 'Edit']);
    await page.getByTestId('history-restore').click();
    await page.getByTestId('history-confirm-restore').click();
    await expect.poll(() => page.getByTestId('history-restored').textContent(), POLL).toContain('Restored: 1 added, 1 changed, 0 removed.');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script v2', 'Shoot', 'Edit']);
    await expect.poll(() => cardsIn(editor.page, 'todo'), POLL).toEqual(['Script v2', 'Shoot', 'Edit']);

    // On a phone: the panel takes the screen and nothing runs off it.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.getByTestId('history-panel').evaluate((panel) => Math.round(panel.getBoundingClientRect().right))).toBeLessThanOrEqual(390);
    expect(await page.getByTestId('history-panel').evaluate((panel) => panel.scrollWidth <= panel.clientWidth)).toBe(true);
    expect(await violations(page), 'a version, 390 px').toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document-history-preview-390.png') });
    await page.getByTestId('history-back').click();
    await versions(page).first().waitFor();
    expect(await violations(page), 'the list, 390 px').toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document-history-list-390.png') });

    // More versions than a page: the list pages on with "Load more".
    for (let n = 1; n <= 20; n += 1) await call(page, 'POST', `/api/projects/${projectId}/documents/${board.id}/versions`, { label: `Checkpoint ${n}` });
    const total = (await call<{ versions: unknown[] }>(page, 'GET', `/api/projects/${projectId}/documents/${board.id}/versions?limit=100`)).versions.length;
    expect(total).toBeGreaterThan(20);

    // A viewer reads the history (and pages on) but is offered neither Save nor Restore.
    const viewer = await person('Vera');
    await call(page, 'POST', `/api/projects/${projectId}/members`, { email: viewer.email, role: 'viewer' });
    await viewer.page.setViewportSize({ width: 390, height: 844 });
    await viewer.page.goto(boardUrl);
    await viewer.page.getByTestId('readonly').waitFor();
    await viewer.page.getByTestId('history-open').click();
    await expect.poll(() => versions(viewer.page).count(), POLL).toBe(20);
    // (An automatic checkpoint of the last restore may come first.)
    expect((await versions(viewer.page).allTextContents()).slice(0, 2).some((text) => text.startsWith('Named: Checkpoint 20'))).toBe(true);
    await viewer.page.getByTestId('history-load-more').click();
    await expect.poll(() => versions(viewer.page).count(), POLL).toBeGreaterThanOrEqual(total);
    expect(await viewer.page.getByTestId('history-load-more').count()).toBe(0);
    expect(await viewer.page.getByTestId('history-save').count()).toBe(0);
    expect(await viewer.page.locator('input[name=version-label]').count()).toBe(0);
    await versions(viewer.page).filter({ hasText: 'Named: Two cards' }).click();
    await expect.poll(() => summaryTitles(viewer.page), POLL).toEqual(['Script', 'Shoot']);
    expect(await viewer.page.getByTestId('history-restore').count()).toBe(0);
    await viewer.page.screenshot({ path: path.join(SCREENSHOTS, 'document-history-viewer-390.png') });

    expect(pageErrors).toEqual([]);
  }, 240_000);
});
