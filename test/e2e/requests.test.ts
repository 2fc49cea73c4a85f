import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildWebOnce } from './web-build.js';
import { CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/** The requests screen end to end in Debian's Chromium; says loudly when it cannot run. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the requests browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 50 };

describe.skipIf(!hasChromium)('requests in the web client', () => {
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

  async function person(name: string): Promise<{ page: Page; email: string }> {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    await page.goto(app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    return { page, email };
  }

  it('raise a request from the project page, see it listed, move it along and comment on it', async () => {
    const { page } = await person('Rosa');
    await page.fill('input[name=project-name]', 'Spring launch');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    await page.getByTestId('requests-link').click();
    await page.getByTestId('request-form').waitFor();

    await page.selectOption('select[name=request-type]', 'design-change');
    await page.fill('input[name=request-title]', 'Bigger checkout button');
    await page.fill('textarea[name=request-description]', 'Users miss it on mobile.');
    await page.fill('input[name=request-figma]', 'https://www.figma.com/design/AbCdEfGhIjKlMnOp/Checkout-v2?node-id=12-34');
    await page.fill('textarea[name=request-attachments]', 'https://example.com/heatmap.png Heatmap');
    await page.selectOption('select[name=request-priority]', 'high');
    await page.click('button:has-text("Raise request")');

    // The new request opens: its Figma link read into a card, its attachment listed.
    await page.getByTestId('request-detail').waitFor();
    await expect.poll(() => page.getByTestId('figma-card').textContent(), POLL).toContain('Checkout v2');
    expect(await page.getByTestId('figma-card').textContent()).toContain('node 12:34');
    expect(await page.locator('a:has-text("Heatmap")').getAttribute('href')).toBe('https://example.com/heatmap.png');
    expect(await page.getByTestId('request-status').getAttribute('data-status')).toBe('open');

    await page.getByTestId('status-in-progress').click();
    await expect.poll(() => page.getByTestId('request-status').getAttribute('data-status'), POLL).toBe('in-progress');

    await page.fill('textarea[name=comment-body]', 'Mock-up attached above.');
    await page.click('button:has-text("Comment")');
    await expect.poll(() => page.getByTestId('request-comment').allTextContents(), POLL).toEqual([expect.stringContaining('Mock-up attached above.')]);
    expect(await page.getByTestId('request-comment').first().textContent()).toContain('Rosa');

    // Listed, and found by its filters.
    await page.click('text=← Requests');
    const listed = page.locator('[data-testid^=request-][data-title="Bigger checkout button"]');
    await listed.waitFor();
    expect(await listed.textContent()).toContain('In progress');
    await page.selectOption('select[name=filter-status]', 'done');
    await expect.poll(() => listed.count(), POLL).toBe(0);
    await page.selectOption('select[name=filter-status]', 'in-progress');
    await expect.poll(() => listed.count(), POLL).toBe(1);

    // A malformed Figma link is refused with the reason, and nothing is raised.
    await page.fill('input[name=request-title]', 'Broken link');
    await page.fill('input[name=request-figma]', 'https://www.figma.com/board/AbCdEfGhIjKlMnOp/Jam');
    await page.click('button:has-text("Raise request")');
    await expect.poll(() => page.getByTestId('request-error').textContent(), POLL).toContain('figmaUrl');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'requests.png'), fullPage: true });
  });
});
