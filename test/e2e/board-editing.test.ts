import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { labelColourIndex } from '../../web/src/board/labels.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Editing a Kanban board in the browser: columns (add, rename, reorder, archive, restore), card
 * details (due date, assignees by name, coloured labels, archive and restore), comments seen
 * live by another member, keyboard moves, a viewer without controls, and the board on a phone.
 * In Debian's Chromium, like web.test.ts.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the board editing browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };

interface Task {
  id: string;
  cardId: string;
  title: string;
  columnId: string;
  assignees: string[];
  labels: string[];
  dueDate: string | null;
  archived: boolean;
}

describe.skipIf(!hasChromium)('editing a board in Chromium', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;
  const person = (name: string) => suite.person(name);

  const card = (page: Page, title: string) => page.locator(`[data-testid^=card-][data-title="${title}"]`);
  const column = (page: Page, title: string) => page.locator(`.board > [data-testid^=column-][data-title="${title}"]`);
  const columnOrder = (page: Page) => page.locator('.board > [data-testid^=column-]').evaluateAll((columns) => columns.map((c) => c.getAttribute('data-title')));
  const cardsIn = (page: Page, columnId: string) => page.locator(`[data-testid=column-${columnId}] [data-testid^=card-]`).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-title')));
  const focusedCard = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid^=card-]')?.getAttribute('data-title') ?? null);
  const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');

  it('columns, card details, comments, archiving and keyboard moves, on a wide screen and a phone', async () => {
    const owner = await person('Olivia');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'Board editing');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const boardDoc = await call<{ name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Launch board' });
    const boardUrl = `${suite.app.url}/#/d/${encodeURIComponent(boardDoc.name)}`;
    const editor = await person('Eddie');
    await call(page, 'POST', `/api/projects/${projectId}/members`, { email: editor.email, role: 'editor' });
    const members = await call<{ userId: string; email: string }[]>(page, 'GET', `/api/projects/${projectId}/members`);
    const eddieId = members.find((member) => member.email === editor.email)!.userId;
    const tasks = async (archived = false) => (await call<{ items: Task[] }>(page, 'GET', `/api/tasks?projectId=${projectId}${archived ? '&archived=true' : ''}`)).items;
    const task = async (title: string, archived = false) => (await tasks(archived)).find((candidate) => candidate.title === title);

    await page.goto(boardUrl);
    await page.getByTestId('column-todo').waitFor();
    for (const title of ['Script', 'Shoot', 'Edit']) {
      await page.fill('[data-testid=column-todo] input[name=new-card]', title);
      await page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    }
    await card(page, 'Edit').waitFor();
    await editor.page.goto(boardUrl);
    await card(editor.page, 'Edit').waitFor();

    // Columns: add, rename inline, move left, archive (confirmed) and restore.
    await page.fill('input[name=new-column]', 'Backlog');
    await page.click('button:has-text("Add column")');
    await column(page, 'Backlog').waitFor();
    expect(await columnOrder(page)).toEqual(['To do', 'In progress', 'Review', 'Done', 'Backlog']);
    await column(page, 'Backlog').getByTestId('rename-column').click();
    await page.fill('input[name=column-title]', 'Ideas');
    await page.press('input[name=column-title]', 'Enter');
    await column(page, 'Ideas').waitFor();
    await column(page, 'Ideas').getByTestId('move-column-left').click();
    await expect.poll(() => columnOrder(page), POLL).toEqual(['To do', 'In progress', 'Review', 'Ideas', 'Done']);
    await expect.poll(() => columnOrder(editor.page), POLL).toEqual(['To do', 'In progress', 'Review', 'Ideas', 'Done']);
    const ideasId = (await column(page, 'Ideas').getAttribute('data-testid'))!.slice('column-'.length);
    await column(page, 'Ideas').getByTestId('archive-column').click();
    await page.getByTestId('confirm-archive-column').click();
    await expect.poll(() => columnOrder(page), POLL).toEqual(['To do', 'In progress', 'Review', 'Done']);
    await page.getByTestId('archived-toggle').click();
    const archivedColumn = page.getByTestId(`archived-column-${ideasId}`);
    await archivedColumn.waitFor();
    await archivedColumn.getByRole('button', { name: /Restore/ }).click();
    await expect.poll(() => columnOrder(page), POLL).toEqual(['To do', 'In progress', 'Review', 'Ideas', 'Done']);
    expect(await archivedColumn.count()).toBe(0);

    // Keyboard moves: across columns and within one, the focus staying on the card, each announced.
    const announcer = page.getByTestId('board-announcer');
    const address = page.url();
    await card(page, 'Shoot').locator('.card-title').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardsIn(page, 'in-progress'), POLL).toEqual(['Shoot']);
    await expect.poll(() => announcer.textContent(), POLL).toContain('Moved “Shoot” to In progress');
    await expect.poll(() => focusedCard(page), POLL).toBe('Shoot');
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Shoot', 'Script', 'Edit']);
    await expect.poll(() => focusedCard(page), POLL).toBe('Shoot');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script', 'Shoot', 'Edit']);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script', 'Edit', 'Shoot']);
    await expect.poll(() => announcer.textContent(), POLL).toContain('position 3 of 3');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script', 'Shoot', 'Edit']);
    await expect.poll(() => focusedCard(page), POLL).toBe('Shoot');
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardsIn(page, 'review'), POLL).toEqual(['Shoot']);
    await expect.poll(() => cardsIn(editor.page, 'review'), POLL).toEqual(['Shoot']);
    await expect.poll(async () => (await task('Shoot'))?.columnId, POLL).toBe('review');
    // Alt+ArrowLeft is the browser's Back too: the board keeps it.
    expect(page.url()).toBe(address);

    // Card details: a due date in the past (overdue), Eddie assigned by name, two labels in two colours.
    const script = card(page, 'Script');
    await script.locator('.card-title').click();
    await script.locator('[name=card-due]').fill('2020-01-15');
    const scriptId = (await script.getAttribute('data-testid'))!.slice('card-'.length);
    const due = page.getByTestId(`due-${scriptId}`);
    await due.waitFor();
    expect(await due.getAttribute('class')).toContain('overdue');
    expect(await due.textContent()).toContain('Due');
    const eddieBox = script.locator('label.check', { hasText: 'Eddie' }).locator('input[type=checkbox]');
    await eddieBox.waitFor();
    await eddieBox.check();
    await script.locator(`.card-meta .person-chip[title="Eddie"]`).waitFor();
    expect(labelColourIndex('design')).not.toBe(labelColourIndex('urgent'));
    for (const label of ['design', 'urgent']) {
      await script.locator('[name=card-labels]').fill(label);
      await script.locator('[name=card-labels]').press('Enter');
    }
    const chips = script.locator('.card-meta .label-chip');
    await expect.poll(() => chips.count(), POLL).toBe(2);
    const colours = await chips.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).backgroundColor));
    expect(new Set(colours).size).toBe(2);
    await expect.poll(async () => {
      const stored = await task('Script');
      return stored && { dueDate: stored.dueDate, assignees: stored.assignees, labels: stored.labels };
    }, POLL).toEqual({ dueDate: '2020-01-15T00:00:00Z', assignees: [eddieId], labels: ['design', 'urgent'] });
    await expect.poll(() => card(editor.page, 'Script').locator('.card-meta .label-chip').count(), POLL).toBe(2);

    // Comments: Olivia writes, Eddie (with the card open) sees it arrive with her name; only she may edit it.
    const eddieScript = card(editor.page, 'Script');
    await eddieScript.locator('.card-title').click();
    await eddieScript.getByTestId('comments').waitFor();
    await script.locator('[name=comment-body]').fill('Looks good: ship it Friday');
    await script.locator('button:has-text("Comment")').click();
    const comment = script.locator('[data-testid^=comment-]:not([data-testid^=comment-count])', { hasText: 'Looks good' });
    await comment.waitFor();
    expect(await comment.locator('.comment-author').textContent()).toBe('Olivia');
    expect(await comment.locator('time').textContent()).toBe('just now');
    const seen = eddieScript.locator('.comment', { hasText: 'Looks good: ship it Friday' });
    await seen.waitFor({ timeout: 15_000 });
    await expect.poll(() => seen.locator('.comment-author').textContent(), POLL).toBe('Olivia');
    expect(await seen.getByTestId('edit-comment').count()).toBe(0);
    await comment.getByTestId('edit-comment').click();
    await script.locator('[name=comment-edit]').fill('Looks good: ship it Thursday');
    await script.locator('button:has-text("Save")').click();
    await expect.poll(() => eddieScript.locator('.comment .comment-body').first().textContent(), POLL).toBe('Looks good: ship it Thursday');
    await eddieScript.locator('[name=comment-body]').fill('On it');
    await eddieScript.locator('button:has-text("Comment")').click();
    await expect.poll(() => script.locator('.comment .comment-author').allTextContents(), POLL).toEqual(['Olivia', 'Eddie']);
    expect(await script.locator('.comment', { hasText: 'On it' }).getByTestId('delete-comment').count()).toBe(0);
    await saved(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-editing-1400.png'), fullPage: true });

    // Archive a card from its editor, then restore it from Archived.
    await card(page, 'Edit').locator('.card-title').click();
    await card(page, 'Edit').getByTestId('archive-card').click();
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script']);
    await expect.poll(() => cardsIn(editor.page, 'todo'), POLL).toEqual(['Script']);
    await expect.poll(async () => (await task('Edit', true))?.archived, POLL).toBe(true);
    const archivedCard = page.locator('[data-testid^=archived-card-][data-title="Edit"]');
    await archivedCard.waitFor();
    await archivedCard.getByRole('button', { name: /Restore/ }).click();
    await expect.poll(() => cardsIn(page, 'todo'), POLL).toEqual(['Script', 'Edit']);
    await expect.poll(async () => (await task('Edit'))?.archived, POLL).toBe(false);

    // A viewer sees all of it and can change none of it.
    const viewer = await person('Vera');
    await call(page, 'POST', `/api/projects/${projectId}/members`, { email: viewer.email, role: 'viewer' });
    await viewer.page.goto(boardUrl);
    await viewer.page.getByTestId('readonly').waitFor();
    await card(viewer.page, 'Script').locator('.card-title').click();
    await card(viewer.page, 'Script').locator('.comment', { hasText: 'On it' }).waitFor();
    await expect.poll(() => card(viewer.page, 'Script').locator('.card-meta .label-chip').count(), POLL).toBe(2);
    for (const selector of ['input[name=new-card]', 'input[name=new-column]', '[data-testid=rename-column]', '[data-testid=archive-column]', '[data-testid=archive-card]', '[name=comment-body]', '[name=card-due]', '[name=card-labels]', '[data-testid=board] input[type=checkbox]', '[data-testid=edit-comment]']) {
      expect(await viewer.page.locator(selector).count(), selector).toBe(0);
    }

    // On a phone: the board scrolls sideways inside itself, the page does not.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await card(page, 'Script').waitFor();
    await saved(page);
    const widths = await page.evaluate(() => {
      const board = document.querySelector<HTMLElement>('[data-testid=board]')!;
      return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, boardScroll: board.scrollWidth, boardClient: board.clientWidth, boardRight: board.getBoundingClientRect().right };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.boardRight).toBeLessThanOrEqual(widths.viewport);
    expect(widths.boardScroll).toBeGreaterThan(widths.boardClient);
    await card(page, 'Script').locator('.card-title').click();
    await card(page, 'Script').locator('[name=card-due]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-editing-390.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
