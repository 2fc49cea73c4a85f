import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium, waitForOfflineShell } from './browser.js';

/**
 * The projects page, the project page and the frame of a document page, in Debian's Chromium:
 * renaming, archiving and restoring; a project one may not open; one request per thing per page
 * load; what shows offline; who else is here; and no "Offline" flash while a document connects.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the project pages browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('projects and project pages in Chromium', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;
  const person = (name: string) => suite.person(name);
  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  const open = (page: Page, hash: string) => page.goto(`${suite.app.url}/${hash}`);
  const documentRow = (page: Page, title: string) => page.locator(`.document-row[data-title="${title}"]`);

  it('renames a project and a document, archives and restores a document; a refusal shows the server’s message', async () => {
    const { page: owner } = await person('Olivia');
    // A first visit says what to do.
    await owner.getByTestId('no-projects').waitFor();
    expect(await owner.getByTestId('no-projects').textContent()).toContain('No projects yet');
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-empty-1400.png'), fullPage: true });

    await owner.fill('input[name=project-name]', 'Launch');
    await owner.click('text=Create project');
    await owner.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(owner.url().split('#/p/')[1]!);
    await owner.getByTestId('no-documents').waitFor();
    await owner.fill('input[name=title]', 'Launch board');
    await owner.click('button:has-text("Create")');
    await owner.getByTestId('document-kanban').waitFor();
    await expect.poll(() => owner.getByTestId('no-documents').count(), POLL).toBe(0);

    // The project, renamed.
    await owner.getByTestId('rename-project').click();
    await owner.fill('input[name=project-rename]', 'Launch 2027');
    await owner.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => owner.getByTestId('project-name').textContent(), POLL).toBe('Launch 2027');
    expect((await call<{ name: string }>(owner, 'GET', `/api/projects/${projectId}`)).name).toBe('Launch 2027');

    // The document, renamed.
    await documentRow(owner, 'Launch board').getByTestId('rename-document').click();
    await owner.fill('input[name=document-rename]', 'Launch plan');
    await owner.press('input[name=document-rename]', 'Enter');
    await documentRow(owner, 'Launch plan').waitFor();
    const [stored] = await call<{ id: string; title: string }[]>(owner, 'GET', `/api/projects/${projectId}/documents`);
    expect(stored?.title).toBe('Launch plan');

    // Archived, after a confirmation; then restored from "Archived documents".
    await documentRow(owner, 'Launch plan').getByTestId('archive-document').click();
    await owner.getByTestId('confirm-archive').click();
    await owner.locator('[data-testid=archived-document][data-title="Launch plan"]').waitFor();
    expect(await owner.getByTestId('document-kanban').count()).toBe(0);
    expect(await owner.getByRole('heading', { name: 'Archived documents' }).count()).toBe(1);
    await owner.getByTestId('restore-document').click();
    await owner.getByTestId('document-kanban').waitFor();
    await expect.poll(() => owner.getByTestId('archived-document').count(), POLL).toBe(0);

    // An editor demoted while their page is open: the server refuses, and its message shows.
    const editor = await person('Eddie');
    await call(owner, 'POST', `/api/projects/${projectId}/members`, { email: editor.email, role: 'editor' });
    await open(editor.page, `#/p/${projectId}`);
    await documentRow(editor.page, 'Launch plan').getByTestId('rename-document').click();
    const members = await call<{ userId: string; email: string }[]>(owner, 'GET', `/api/projects/${projectId}/members`);
    await call(owner, 'PUT', `/api/projects/${projectId}/members/${members.find((m) => m.email === editor.email)!.userId}`, { role: 'viewer' });
    await editor.page.fill('input[name=document-rename]', 'Not allowed');
    await editor.page.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = editor.page.locator('.document-row [role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/does not allow/);
    // Reloaded, a viewer is offered no controls the server would refuse.
    await editor.page.reload();
    await editor.page.getByTestId('document-kanban').waitFor();
    expect(await editor.page.getByTestId('rename-document').count()).toBe(0);
    expect(await editor.page.getByTestId('archive-document').count()).toBe(0);
    expect(await editor.page.getByTestId('rename-project').count()).toBe(0);

    // Screenshots, wide and narrow.
    await owner.getByTestId('document-kanban').waitFor();
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-project-1400.png'), fullPage: true });
    await open(owner, '#/');
    await owner.getByTestId('project-tile').first().waitFor();
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-list-1400.png'), fullPage: true });
    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-list-390.png'), fullPage: true });
    await open(owner, `#/p/${projectId}`);
    await owner.getByTestId('document-kanban').waitFor();
    await documentRow(owner, 'Launch plan').getByTestId('archive-document').click();
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-project-390.png'), fullPage: true });
    const pageWidth = await owner.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
  });

  it('a project one may not open shows one clear message and a way back; a project-page load asks for nothing twice', async () => {
    const { page: owner } = await person('Owen');
    const project = await call<{ id: string }>(owner, 'POST', '/api/projects', { name: 'Private' });
    await call(owner, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Private board' });

    const { page: stranger } = await person('Sam');
    await open(stranger, `#/p/${project.id}`);
    await stranger.getByTestId('page-problem').waitFor();
    expect(await stranger.getByTestId('page-problem').textContent()).toContain('This project does not exist, or you are not a member of it');
    expect(await stranger.locator('h1').allTextContents()).toEqual(['Project not found']);
    expect(await stranger.getByRole('heading', { name: 'Documents' }).count()).toBe(0);
    await stranger.screenshot({ path: path.join(SCREENSHOTS, 'projects-not-found.png'), fullPage: true });
    await stranger.getByTestId('back-to-projects').click();
    await stranger.getByTestId('no-projects').waitFor();
    // A project id that is not even an id: the same message.
    await open(stranger, '#/p/not-a-project');
    await stranger.getByTestId('page-problem').waitFor();

    // One load of the project page: every request once.
    await open(owner, `#/p/${project.id}`);
    await owner.getByTestId('document-kanban').waitFor();
    const requests: string[] = [];
    owner.on('request', (request) => requests.push(`${request.method()} ${request.url().replace(suite.app.url, '')}`));
    await owner.reload();
    await owner.getByTestId('document-kanban').waitFor();
    await owner.locator('table.members tr').first().waitFor();
    await owner.waitForLoadState('networkidle');
    const repeated = requests.filter((request, index) => requests.indexOf(request) !== index);
    expect(repeated, requests.join('\n')).toEqual([]);
    expect(requests.filter((request) => request === `GET /api/projects/${project.id}`)).toHaveLength(1);
  });

  it('offline: the projects page shows what this device last saw, refuses a new project, and a board keeps its title', { timeout: 90_000 }, async () => {
    const { page, context } = await person('Tara');
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Travel plans' });
    const board = await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Offline board' });
    // Seen once online: the list, the project and the board.
    await page.reload();
    await page.locator('[data-testid=project-tile][data-name="Travel plans"]').waitFor();
    await open(page, `#/p/${project.id}`);
    await page.getByTestId('document-kanban').waitFor();
    await open(page, `#/d/${encodeURIComponent(board.name)}`);
    await expect.poll(() => page.getByTestId('document-title').textContent(), POLL).toBe('Offline board');
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    await waitForOfflineShell(page);

    await context.setOffline(true);
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.reload();
    await page.getByTestId('offline-note').waitFor();
    expect(await page.getByTestId('offline-note').textContent()).toContain('Offline: showing what this device last saw');
    const tile = page.locator('[data-testid=project-tile][data-name="Travel plans"]');
    await tile.waitFor();
    expect(await tile.locator('.kept-documents a').allTextContents()).toEqual(['Offline board']);
    expect(await page.getByText('Failed to fetch').count()).toBe(0);
    await page.getByTestId('create-needs-connection').waitFor();
    await page.fill('input[name=project-name]', 'Made offline');
    await page.click('text=Create project');
    const refusal = page.locator('.projects-page [role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('needs a connection');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'projects-offline.png'), fullPage: true });

    // The project page, offline: this device's copy of it.
    await tile.locator('a.tile').click();
    await page.getByTestId('offline-note').waitFor();
    await page.getByTestId('document-kanban').waitFor();
    expect(await page.getByTestId('project-name').textContent()).toBe('Travel plans');

    // The board, reloaded offline: its title still shows.
    await page.evaluate((name) => {
      location.hash = `#/d/${encodeURIComponent(name)}`;
    }, board.name);
    await page.reload();
    await expect.poll(() => page.getByTestId('document-title').textContent(), POLL).toBe('Offline board');
    expect(await page.getByTestId('save-state').getAttribute('data-state')).toBe('offline');
    await context.setOffline(false);
  });

  it('two people on a board see each other’s names; a document opening online never says Offline', async () => {
    const { page: owner } = await person('Olivia');
    const project = await call<{ id: string }>(owner, 'POST', '/api/projects', { name: 'Together' });
    const board = await call<{ name: string }>(owner, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Shared board' });
    const editor = await person('Eddie');
    await call(owner, 'POST', `/api/projects/${project.id}/members`, { email: editor.email, role: 'editor' });

    // Every state the save badge shows, with when, from the start of the page.
    await editor.page.addInitScript(() => {
      const seen: [number, string][] = [];
      (window as unknown as { saveStates: [number, string][] }).saveStates = seen;
      const watch = () => {
        const state = document.querySelector('[data-testid=save-state]')?.getAttribute('data-state');
        if (state && seen.at(-1)?.[1] !== state) seen.push([performance.now(), state]);
        if (performance.now() < 10_000) setTimeout(watch, 10);
      };
      watch();
    });
    const boardHash = `#/d/${encodeURIComponent(board.name)}`;
    await open(owner, boardHash);
    await open(editor.page, boardHash);
    // A fresh page load (the address above only changed the hash), watched from its start.
    await editor.page.reload();
    await expect.poll(() => editor.page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
    const states = await editor.page.evaluate(() => (window as unknown as { saveStates: [number, string][] }).saveStates);
    const shownAt = states[0]![0];
    const firstSecond = states.filter(([at]) => at - shownAt < 1000).map(([, state]) => state);
    expect(firstSecond).not.toContain('offline');
    expect(['connecting', 'saving', 'saved']).toContain(firstSecond[0]);

    // Names, not only initials.
    await expect.poll(() => owner.getByTestId('peers').textContent(), POLL).toContain('Eddie');
    await expect.poll(() => editor.page.getByTestId('peers').textContent(), POLL).toContain('Olivia');
    expect(await owner.getByTestId('peers').getAttribute('aria-label')).toBe('Also here: Eddie');
    expect(await owner.getByTestId('peers').locator('.avatar').count()).toBe(1);
    await owner.screenshot({ path: path.join(SCREENSHOTS, 'projects-presence.png') });
  });
});
