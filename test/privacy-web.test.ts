import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, browserSuite, hasChromium } from './e2e/browser.js';

/** "Your data" and the retention form in Chromium: export, follow, download a ZIP; change retention. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the privacy browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const run = promisify(execFile);

describe.skipIf(!hasChromium)('privacy in the web client', () => {
  const suite = browserSuite({ WORKER_POLL_INTERVAL_MS: '500' });

  it('an owner sets a retention; anyone exports their data and downloads the ZIP', { timeout: 90_000 }, async () => {
    const { page, context } = await suite.person('Paula');
    await page.fill('input[name=project-name]', 'Private');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);

    const form = page.getByTestId('retention-form');
    await form.locator('input[name=notificationDays]').waitFor();
    expect(await form.locator('input[name=analyticsRawDays]').getAttribute('placeholder')).toBe('default 90');
    await form.locator('input[name=auditDays]').fill('365');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await form.getByText('Saved.').waitFor();
    const saved = await suite.call<{ settings: Record<string, number | null> }>(page, 'GET', `/api/projects/${projectId}/retention`);
    expect(saved.settings).toEqual({ auditDays: 365, notificationDays: null, analyticsRawDays: null });

    await page.getByTestId('your-data-link').click();
    await page.waitForURL(/#\/me$/);
    await page.getByTestId('export-my-data').click();
    await page.getByTestId('export-ready').waitFor({ timeout: 30_000 });
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-download').click();
    const file = await (await downloading).path();
    const listing = (await run('/usr/bin/unzip', ['-Z1', file])).stdout.split('\n');
    expect(listing).toEqual(expect.arrayContaining(['README.txt', 'profile.json', 'memberships.json', 'audit.json']));
    const profile = JSON.parse((await run('/usr/bin/unzip', ['-p', file, 'profile.json'])).stdout) as { name?: string }[];
    expect(profile.map((row) => row.name)).toContain('Paula');

    // Back on the page later: the finished export is shown, not a new one started.
    await page.reload();
    await page.getByTestId('export-ready').waitFor();
    expect(suite.pageErrors).toEqual([]);
    await context.close();
  });
});
