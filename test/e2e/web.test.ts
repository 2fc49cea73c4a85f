import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildWebOnce } from './web-build.js';
import { callAs, CHROMIUM, hasChromium, SCREENSHOTS, waitForOfflineShell } from './browser.js';

/**
 * The browser client end to end, in Debian's Chromium (never a downloaded browser). Runs when
 * /usr/bin/chromium exists (CI installs it); otherwise says loudly that it did not run.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the browser end-to-end tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('the web client in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildWebOnce();
    app = await startTestApp(process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite', { AUTH_DEV_LOGIN: 'true' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.stop();
  });

  /** A new browser profile signed in through the sign-in page. */
  async function person(name: string): Promise<{ page: Page; context: BrowserContext; email: string }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    await page.goto(app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    return { page, context, email };
  }

  /** The API through the page's own session cookie, as the page would call it. */
  const call = <T>(page: Page, method: string, url: string, body?: unknown) => callAs<T>(page, app.url, method, url, body);

  async function setUpBoard() {
    const owner = await person('Olivia');
    await owner.page.fill('input[name=project-name]', 'Launch');
    await owner.page.click('text=Create project');
    await owner.page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(owner.page.url().split('#/p/')[1]!);
    await owner.page.fill('input[name=title]', 'Launch board');
    await owner.page.click('button:has-text("Create")');
    await owner.page.getByTestId('document-kanban').click();
    await owner.page.getByTestId('column-todo').waitFor();
    for (const title of ['Script', 'Shoot', 'Edit']) {
      await owner.page.fill('[data-testid=column-todo] input[name=new-card]', title);
      await owner.page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    }
    await expect.poll(() => owner.page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    return { owner, projectId, boardUrl: owner.page.url() };
  }

  async function addMember(owner: Page, projectId: string, email: string, role: string) {
    await call(owner, 'POST', `/api/projects/${projectId}/members`, { email, role });
  }

  const card = (page: Page, title: string) => page.locator(`[data-testid^=card-][data-title="${title}"]`);
  const columnTitles = (page: Page, column: string) => page.locator(`[data-testid=column-${column}] [data-testid^=card-]`).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-title')));

  it('two people on one board: a move appears for the other; concurrent title edits converge', async () => {
    const { owner, projectId, boardUrl } = await setUpBoard();
    const editor = await person('Eddie');
    await addMember(owner.page, projectId, editor.email, 'editor');
    await editor.page.goto(boardUrl);
    await card(editor.page, 'Shoot').waitFor();
    await expect.poll(() => owner.page.getByTestId('peers').locator('.avatar').count(), POLL).toBe(1);

    await owner.page.dragAndDrop(`[data-testid^=card-][data-title="Shoot"]`, '[data-testid=column-done]');
    await expect.poll(() => columnTitles(editor.page, 'done'), POLL).toEqual(['Shoot']);

    // Both rename the same card at once.
    for (const { page } of [owner, editor]) await card(page, 'Script').locator('.card-title').click();
    await owner.page.fill('[name=card-title]', 'Script v2 (Olivia)');
    await editor.page.fill('[name=card-title]', 'Script v2 (Eddie)');
    await Promise.all([owner.page.locator('[name=card-description]').focus(), editor.page.locator('[name=card-description]').focus()]);
    const titles = async () => [await columnTitles(owner.page, 'todo'), await columnTitles(editor.page, 'todo')];
    await expect.poll(async () => {
      const [a, b] = await titles();
      return JSON.stringify(a) === JSON.stringify(b) && a!.some((t) => t?.startsWith('Script v2'));
    }, POLL).toBe(true);
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'board.png'), fullPage: true });
  });

  it('offline: moves and edits survive a reload without network and merge when back, each card once', { timeout: 90_000 }, async () => {
    const { owner, projectId, boardUrl } = await setUpBoard();
    const traveller = await person('Tara');
    await addMember(owner.page, projectId, traveller.email, 'editor');
    await traveller.page.goto(boardUrl);
    await card(traveller.page, 'Edit').waitFor();
    // The offline shell must be installed before the network goes.
    await waitForOfflineShell(traveller.page);

    await traveller.context.setOffline(true);
    await expect.poll(() => traveller.page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('offline');
    await traveller.page.dragAndDrop(`[data-testid^=card-][data-title="Edit"]`, '[data-testid=column-review]');
    await traveller.page.fill('[data-testid=column-in-progress] input[name=new-card]', 'Offline idea');
    await traveller.page.press('[data-testid=column-in-progress] input[name=new-card]', 'Enter');
    // Meanwhile, online, the owner moves the same card elsewhere and adds one.
    await owner.page.dragAndDrop(`[data-testid^=card-][data-title="Edit"]`, '[data-testid=column-done]');
    await owner.page.fill('[data-testid=column-todo] input[name=new-card]', 'Online idea');
    await owner.page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');

    await traveller.page.reload();
    await card(traveller.page, 'Offline idea').waitFor({ timeout: 15_000 });
    expect(await columnTitles(traveller.page, 'review')).toEqual(['Edit']);
    expect(await traveller.page.getByTestId('save-state').getAttribute('data-state')).toBe('offline');
    // Still editable after the offline reload: the access last granted holds until the server speaks again.
    await traveller.page.fill('[data-testid=column-in-progress] input[name=new-card]', 'After reload');
    await traveller.page.press('[data-testid=column-in-progress] input[name=new-card]', 'Enter');
    await card(traveller.page, 'After reload').waitFor();

    await traveller.context.setOffline(false);
    const everything = async (page: Page) =>
      (await page.locator('[data-testid^=card-]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-title')))).sort();
    await expect.poll(async () => JSON.stringify(await everything(traveller.page)) === JSON.stringify(await everything(owner.page)) && (await everything(owner.page)).length === 6, POLL).toBe(true);
    expect(await everything(owner.page)).toEqual(['After reload', 'Edit', 'Offline idea', 'Online idea', 'Script', 'Shoot']);
    await expect.poll(() => traveller.page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
  });

  it('a viewer can change nothing; a removed member’s board switches to an access message', async () => {
    const { owner, projectId, boardUrl } = await setUpBoard();
    const viewer = await person('Vera');
    await addMember(owner.page, projectId, viewer.email, 'viewer');
    await viewer.page.goto(boardUrl);
    await viewer.page.getByTestId('readonly').waitFor();
    await expect.poll(() => card(viewer.page, 'Script').getAttribute('draggable'), POLL).toBe('false');
    expect(await viewer.page.locator('input[name=new-card]').count()).toBe(0);
    await viewer.page.dragAndDrop(`[data-testid^=card-][data-title="Script"]`, '[data-testid=column-done]');
    expect(await columnTitles(owner.page, 'done')).toEqual([]);
    await card(viewer.page, 'Script').locator('.card-title').click();
    expect(await viewer.page.locator('[name=card-title]').isDisabled()).toBe(true);

    const members = await call<{ userId: string; email: string }[]>(owner.page, 'GET', `/api/projects/${projectId}/members`);
    const vera = members.find((member) => member.email === viewer.email)!;
    await call(owner.page, 'DELETE', `/api/projects/${projectId}/members/${vera.userId}`);
    await viewer.page.getByTestId('access-message').waitFor({ timeout: 5_000 });
    expect(await viewer.page.getByTestId('access-message').textContent()).toContain('access to this project was removed');
  });

  it('calendar and pipeline boards render, with conflicts and missing requirements shown', async () => {
    const { owner, projectId } = await setUpBoard();
    const calendar = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'calendar', title: 'December' });
    await owner.page.goto(`${app.url}/#/d/${encodeURIComponent(calendar.name)}`);
    const today = new Date().toISOString().slice(0, 10);
    for (const [title, time] of [['Teaser', '10:00'], ['Interview', '10:30'], ['Newsletter', '15:00']] as const) {
      await owner.page.fill('input[name=event-title]', title);
      await owner.page.fill('input[name=event-day]', today);
      await owner.page.fill('input[name=event-time]', time);
      await owner.page.click('text=Add event');
    }
    await expect.poll(() => owner.page.locator('.event.conflict').count(), POLL).toBe(2);
    await owner.page.getByTestId('conflicts').waitFor();
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar.png'), fullPage: true });

    const pipeline = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'pipeline', title: 'Videos' });
    await owner.page.goto(`${app.url}/#/d/${encodeURIComponent(pipeline.name)}`);
    await owner.page.fill('input[name=item-title]', 'Winter teaser');
    await owner.page.click('button:has-text("Add")');
    const item = owner.page.locator('[data-testid^=item-]').first();
    await item.waitFor();
    await owner.page.dragAndDrop('[data-testid^=item-]', '[data-testid=stage-production]');
    await expect.poll(() => owner.page.locator('[data-testid=stage-production] .missing li').allTextContents(), POLL).toEqual([
      'Needs a brief or a linked script',
      'Needs an assignee',
      'Needs a reference video or link to mirror',
      'Needs a due date',
    ]);
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'pipeline.png'), fullPage: true });
  });

  it('a pipeline card editor gives a card what its stage needs; the values reach another browser', async () => {
    const { owner, projectId } = await setUpBoard();
    const pipeline = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'pipeline', title: 'Spring' });
    const pipelineUrl = `${app.url}/#/d/${encodeURIComponent(pipeline.name)}`;
    await owner.page.goto(pipelineUrl);
    await owner.page.fill('input[name=item-title]', 'Spring teaser');
    await owner.page.click('button:has-text("Add")');
    const teaser = (page: Page) => page.locator('[data-testid^=item-][data-title="Spring teaser"]');
    await teaser(owner.page).waitFor();
    await owner.page.dragAndDrop('[data-testid^=item-][data-title="Spring teaser"]', '[data-testid=stage-production]');
    const needs = (page: Page) => page.locator('[data-testid=stage-production] .missing li').allTextContents();
    await expect.poll(() => needs(owner.page), POLL).toContain('Needs a due date');

    await teaser(owner.page).locator('.card-title').click();
    await owner.page.fill('[name=item-due]', '2026-12-15');
    await owner.page.fill('[name=item-brief]', 'Blossoms first, then the product');
    // Leaving the field commits it; the assignee is picked from the members by name.
    await owner.page.locator('[name=item-assignee]').focus();
    await owner.page.locator('[name=item-assignee]').selectOption({ label: 'Olivia' });
    const remaining = ['Needs a reference video or link to mirror'];
    await expect.poll(() => needs(owner.page), POLL).toEqual(remaining);
    await expect.poll(() => teaser(owner.page).locator('[data-testid^=assignee-] .person-name').textContent(), POLL).toBe('Olivia');
    await expect.poll(() => owner.page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');

    // A viewer in another browser sees the values arrive, with the editor's controls disabled.
    const viewer = await person('Vic');
    await addMember(owner.page, projectId, viewer.email, 'viewer');
    await viewer.page.goto(pipelineUrl);
    await teaser(viewer.page).waitFor();
    await expect.poll(() => needs(viewer.page), POLL).toEqual(remaining);
    await expect.poll(() => teaser(viewer.page).locator('[data-testid^=due-]').textContent(), POLL).toBe('Due 2026-12-15');
    await viewer.page.getByTestId('readonly').waitFor();
    await teaser(viewer.page).locator('.card-title').click();
    expect(await viewer.page.inputValue('[name=item-brief]')).toBe('Blossoms first, then the product');
    expect(await viewer.page.inputValue('[name=item-due]')).toBe('2026-12-15');
    await expect.poll(() => viewer.page.locator('[name=item-assignee] option:checked').textContent(), POLL).toBe('Olivia');
    for (const field of ['item-stage', 'item-brief', 'item-script', 'item-reference', 'item-cut', 'item-due', 'item-assignee']) expect(await viewer.page.locator(`[name=${field}]`).isDisabled(), field).toBe(true);

    // And the server has it: what the REST API reads.
    const stored = await call<{ stages: { stage: string; videos: { brief: string; dueDate: string | null; assigneeId: string | null; missing: { id: string }[] }[] }[] }>(
      owner.page,
      'GET',
      `/api/video/pipeline?projectId=${projectId}&pipelineId=${pipeline.name.split(':')[2]}`,
    );
    const production = stored.stages.find((stage) => stage.stage === 'production')!.videos[0]!;
    expect(production).toMatchObject({ brief: 'Blossoms first, then the product', dueDate: '2026-12-15T00:00:00Z' });
    expect(production.assigneeId).toBe(await teaser(owner.page).locator('[data-testid^=assignee-]').getAttribute('data-user'));
    expect(production.missing.map((need) => need.id)).toEqual(['reference-asset']);
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'pipeline-editor.png'), fullPage: true });
  });
});
