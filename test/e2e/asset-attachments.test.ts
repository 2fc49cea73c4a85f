import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Files dropped from the desktop onto a Kanban card and onto a request: a progress bar, then the
 * file's thumbnail on the card (everyone on the board sees it, since it is a link in the shared
 * document) and in the request's Files; deleting one that is attached lists the card and the
 * request, and takes it off both.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the asset attachments browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const PROCESSED = { timeout: 45_000, interval: 200 };
const POLL = { timeout: 15_000, interval: 100 };

/** Drops a file on an element as the desktop does (a DataTransfer carrying Files). */
async function dropFile(target: Locator, name: string, bytes: Buffer): Promise<void> {
  await target.evaluate(
    (element, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) element.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { name, bytes: [...bytes] },
  );
}

const loaded = (locator: Locator) => locator.first().evaluate((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0).catch(() => false);

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);
}

describe.skipIf(!hasChromium)('files dropped on cards and requests in Chromium', () => {
  const env: Record<string, string> = { WORKER_POLL_INTERVAL_MS: '200' };
  let dataDir = '';
  let png: Buffer;
  let second: Buffer;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-e2e-asset-links-'));
    env.DATA_DIR = dataDir;
    png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
    second = await sharp({ create: { width: 200, height: 200, channels: 3, background: { r: 30, g: 160, b: 60 } } }).png().toBuffer();
  });
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const suite = browserSuite(env);
  const { call, pageErrors } = suite;

  it('uploads a file dropped on a card and on a request, shows thumbnails, and unlinks both when it is deleted', { timeout: 180_000 }, async () => {
    const owner = await suite.person('Orla');
    const { page } = owner;
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Launch' });
    const board = await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Launch board' });
    const boardId = board.name.split(':')[2]!;
    const task = await call<{ id: string; cardId: string }>(page, 'POST', '/api/tasks', { projectId: project.id, boardId, title: 'Hero banner' });
    const watcher = await suite.person('Wren');
    await call(page, 'POST', `/api/projects/${project.id}/members`, { email: watcher.email, role: 'viewer' });

    // Dropped on the card: its progress on the card, then the thumbnail in the card's files.
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    const card = page.getByTestId(`card-${task.cardId}`);
    await card.waitFor();
    await dropFile(card, 'hero.png', png);
    await card.getByRole('progressbar', { name: 'Upload of hero.png' }).waitFor();
    const onCard = card.locator('[data-testid=attached-file]');
    await expect.poll(() => onCard.getAttribute('data-status'), PROCESSED).toBe('ready');
    await expect.poll(() => loaded(onCard.locator('img[data-testid=asset-preview]')), PROCESSED).toBe(true);
    expect(await onCard.getByRole('button', { name: 'Download hero.png' }).count()).toBe(1);
    const heroId = (await onCard.getAttribute('data-asset'))!;
    expect((await call<{ links: unknown[] }>(page, 'GET', `/api/tasks/${task.id}`)).links).toEqual([{ kind: 'asset', target: `asset:${heroId}` }]);
    // Someone else on the board sees it too (a link in the shared document), without a way to take it off.
    await watcher.page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    const theirCard = watcher.page.getByTestId(`card-${task.cardId}`).locator('[data-testid=attached-file]');
    await expect.poll(() => loaded(theirCard.locator('img[data-testid=asset-preview]')), PROCESSED).toBe(true);
    expect(await theirCard.getByRole('button', { name: 'Take hero.png off' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'asset-card-1400.png'), fullPage: true });
    expect(await violations(page)).toEqual([]);

    // Dropped on a request's Files: the same, there; the card's file is attached to it through the API too.
    const request = await call<{ id: string }>(page, 'POST', '/api/requests', { projectId: project.id, type: 'design-change', title: 'New hero' });
    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}/requests/${request.id}`);
    const files = page.getByTestId('request-files');
    await files.waitFor();
    await dropFile(files, 'mock.png', second);
    await files.getByRole('progressbar', { name: 'Upload of mock.png' }).waitFor();
    const mock = files.locator('[data-testid=attached-file]').first();
    await expect.poll(() => mock.getAttribute('data-status'), PROCESSED).toBe('ready');
    await expect.poll(() => loaded(mock.locator('img[data-testid=asset-preview]')), PROCESSED).toBe(true);
    await call(page, 'POST', `/api/requests/${request.id}/attachments`, { uploadedAssetId: heroId });
    await page.reload();
    await expect.poll(() => page.getByTestId('request-files').locator('[data-testid=attached-file]').count(), POLL).toBe(2);
    expect(await page.getByTestId('request-files').getByRole('heading').textContent()).toBe('Files (2)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'asset-request-1400.png'), fullPage: true });
    expect(await violations(page)).toEqual([]);

    // Deleting the hero from the Assets page: asked, told it is on the card and the request, then taken off both.
    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}/assets`);
    const row = page.locator('[data-testid=asset-row][data-name="hero.png"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Delete hero.png' }).click();
    const question = row.getByTestId('delete-asset');
    await question.getByRole('button', { name: 'Delete', exact: true }).click();
    const places = question.getByTestId('attached-places');
    await places.waitFor();
    expect(await places.locator('li').allTextContents()).toEqual(['Card Hero banner on Launch board', 'Request New hero in requests']);
    expect(await question.textContent()).toContain('attached to 2 places');
    await question.getByRole('button', { name: 'Take it off everywhere and delete' }).click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    expect((await call<{ links: unknown[] }>(page, 'GET', `/api/tasks/${task.id}`)).links).toEqual([]);
    expect((await call<{ name: string }[]>(page, 'GET', `/api/requests/${request.id}/attachments`)).map((file) => file.name)).toEqual(['mock.png']);
    // The board open elsewhere loses it at once.
    await expect.poll(() => theirCard.count(), POLL).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});
