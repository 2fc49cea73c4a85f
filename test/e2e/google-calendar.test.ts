import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type FakeGoogle, startFakeGoogle } from '../helpers/fake-google.js';
import { googleEnv } from '../helpers/google-env.js';
import { buildWebOnce } from './web-build.js';
import { callAs, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/** The Google Calendar screen in Debian's Chromium: the consent round trip through the local Google, linking, sync status. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the Google Calendar browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

describe.skipIf(!hasChromium)('Google Calendar sync in the web client', () => {
  let app: TestApp;
  let google: FakeGoogle;
  let browser: Browser;

  beforeAll(async () => {
    await buildWebOnce();
    google = await startFakeGoogle();
    app = await startTestApp(process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite', { AUTH_DEV_LOGIN: 'true', ...googleEnv(google) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await google?.close();
  });

  const call = <T>(page: Page, method: string, url: string, body?: unknown) => callAs<T>(page, app.url, method, url, body);

  it('connects Google, links a content calendar, and shows the sync; readable at 1,400 and 390 px', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    await page.fill('input[name=email]', `dana-${Date.now()}@example.com`);
    await page.fill('input[name=name]', 'Dana');
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    await page.fill('input[name=project-name]', 'Studio');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const calendar = await call<{ name: string; id: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'calendar', title: 'Publishing calendar' });
    await call(page, 'POST', '/api/calendar/events', { projectId, calendarId: calendar.id, eventId: 'launch', title: 'Launch video', channel: 'youtube', start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T10:00:00+01:00', timeZone: 'Europe/Berlin' });
    google.putEvent('primary-cal', { summary: 'Podcast recording', start: { dateTime: '2026-12-02T14:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-02T15:00:00+01:00', timeZone: 'Europe/Berlin' } });

    await page.reload();
    await page.getByTestId('google-calendar-link').click();
    await page.waitForURL(/\/google-calendar/);
    await page.getByTestId('google-accounts-empty').waitFor();
    // Consent happens at Google (the local fake consents at once) and comes back to this screen.
    await page.getByTestId('google-connect').click();
    await page.waitForURL(/google-calendar/);
    await page.getByTestId('google-account').waitFor();
    await expect.poll(() => page.getByTestId('google-account').getAttribute('data-status')).toBe('active');

    const form = page.getByTestId('google-link-form');
    await form.locator('select[name=google-link-document]').selectOption({ label: 'Publishing calendar' });
    await form.locator('select[name=google-link-calendar]:not([disabled])').waitFor();
    await form.locator('select[name=google-link-calendar]').selectOption('primary-cal');
    await form.getByRole('button', { name: 'Link calendars' }).click();
    const link = page.getByTestId('google-link');
    await link.waitFor();
    await expect.poll(() => link.getByTestId('google-last-synced').textContent(), { timeout: 30_000, interval: 250 }).not.toBe('Never synced');
    await expect.poll(() => link.getByTestId('google-link-status').getAttribute('data-status')).toBe('active');
    await expect.poll(() => google.events('primary-cal').map((event) => event.summary).sort(), { timeout: 20_000 }).toEqual(['Launch video', 'Podcast recording']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'google-calendar-1400.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'google-calendar-390.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
