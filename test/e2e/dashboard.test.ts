import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpNow } from '../helpers/analytics.js';
import { type FakeSmtp, startFakeSmtp } from '../helpers/fake-smtp.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * The project dashboard in Chromium: the headline numbers and the top events from the rollups, a
 * real chart (uPlot draws a canvas), CSV export and import for owners, none of it for viewers, the
 * screens the browser reports about itself arriving as events; axe at 1,400 and 390 px.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the dashboard browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 100 };
const DAY = 24 * 3_600_000;

describe.skipIf(!hasChromium)('the dashboard in Chromium', () => {
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  // Read when the suite starts its server, after the fake above: scheduled reports need SMTP.
  const suite = browserSuite({
    get SMTP_URL() {
      return smtp.url;
    },
  } as Record<string, string>);
  const { call, pageErrors } = suite;
  const kpi = async (page: Page, id: string) => (await page.getByTestId(id).locator('.kpi-value').textContent())?.replace(/\D/g, '');
  const seriousViolations = async (page: Page) =>
    (await new AxeBuilder({ page }).include('main').analyze()).violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);

  it('shows counts, a chart and the top events; owners export and import, viewers only look; the browser reports its screens', { timeout: 180_000 }, async () => {
    const owner = await suite.person('Dana');
    const project = await call<{ id: string }>(owner.page, 'POST', '/api/projects', { name: 'Numbers' });
    const board = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'kanban', title: 'Counted board' });
    await call(owner.page, 'POST', '/api/tasks', { projectId: project.id, boardId: board.name.split(':')[2], title: 'Counted card', columnId: 'todo' });
    await call(owner.page, 'POST', '/api/analytics/events', { projectId: project.id, events: [{ name: 'page.viewed' }, { name: 'page.viewed' }, { name: 'board.filter-used' }] });
    const pipeline = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'pipeline', title: 'Echo' });
    const pipelineId = pipeline.name.split(':')[2];
    const campaign = await call<{ itemId: string }>(owner.page, 'POST', '/api/campaigns', { projectId: project.id, pipelineId, title: 'Winter launch' });
    await call(owner.page, 'POST', '/api/video', { projectId: project.id, pipelineId, title: 'Teaser', campaignId: campaign.itemId });
    await rollUpNow(suite.app);

    const { page } = owner;
    await page.goto(`${suite.app.url}/#/p/${project.id}`);
    await page.getByTestId('dashboard-link').click();
    await page.getByTestId('kpi-events').waitFor();
    expect(await kpi(page, 'kpi-events')).toBe('4');
    expect(await kpi(page, 'kpi-edits')).toBe('1');
    expect(await kpi(page, 'kpi-people')).toBe('1');
    await page.locator('[data-testid=daily-chart] canvas').waitFor();
    await expect.poll(() => page.getByTestId('top-events').locator('tbody tr').first().textContent(), POLL).toContain('page.viewed');
    await expect.poll(() => page.getByTestId('recent-activity').textContent(), POLL).toContain('Dana created a card “Counted card”');
    await expect.poll(() => page.getByTestId('campaign-table').locator('tbody tr').first().textContent(), POLL).toContain('Winter launch');
    expect(await page.getByTestId('campaign-table').getByRole('img').getAttribute('aria-label')).toBe('Idea 1, Script 0, Body mirroring 0, Production 0, Review 0');
    await page.getByTestId('dashboard-live').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-1400.png'), fullPage: true });

    // The raw events leave as a file.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,occurred_at,received_at,source,name,user_id,properties');
    expect(lines).toHaveLength(4);

    // Past events come in from a CSV and show at once; a bad file is refused with the row named.
    const day = new Date(Date.now() - 2 * DAY).toISOString();
    await page.getByTestId('import-csv').setInputFiles({ name: 'past.csv', mimeType: 'text/csv', buffer: Buffer.from(`occurred_at,name,channel\n${day},visit.landing,newsletter\n${day},visit.landing,social\n`) });
    await page.getByText('Imported 2 events.').waitFor();
    await expect.poll(() => kpi(page, 'kpi-events'), POLL).toBe('6');
    await page.getByTestId('import-csv').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`occurred_at,name\nnot a time,visit.landing\n`) });
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('row 2');

    // The next rollup reaches the open page by itself: the server says the numbers changed, the page fetches them.
    await call(owner.page, 'POST', '/api/analytics/events', { projectId: project.id, events: [{ name: 'page.viewed' }] });
    await rollUpNow(suite.app);
    await expect.poll(() => kpi(page, 'kpi-events'), POLL).toBe('7');

    // The screens this browser opened arrive as its own events when the page is hidden.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect
      .poll(async () => (await suite.app.db.query<{ page: string }>(`SELECT properties->>'page' AS page FROM analytics_events WHERE project_id = $1 AND source = 'client' AND name = 'page.viewed' AND properties ? 'page'`, [project.id])).rows.map((row) => row.page).sort(), POLL)
      .toEqual(['dashboard', 'project']);

    // A viewer sees the numbers, not the raw events.
    const viewer = await suite.person('Vic', { viewport: { width: 390, height: 844 } });
    await call(owner.page, 'POST', `/api/projects/${project.id}/members`, { email: viewer.email, role: 'viewer' });
    await viewer.page.goto(`${suite.app.url}/#/p/${project.id}/dashboard`);
    await viewer.page.getByTestId('kpi-events').waitFor();
    await viewer.page.locator('[data-testid=daily-chart] canvas').waitFor();
    expect(await viewer.page.getByTestId('export-csv').count()).toBe(0);
    // Anyone may have the dashboard emailed to them.
    await viewer.page.getByTestId('report-cadence').selectOption('weekly');
    await viewer.page.getByTestId('next-report').waitFor();
    expect((await suite.app.db.query<{ cadence: string }>('SELECT cadence FROM report_subscriptions WHERE project_id = $1', [project.id])).rows).toEqual([{ cadence: 'weekly' }]);
    expect(await viewer.page.getByTestId('import-csv').count()).toBe(0);
    expect(await seriousViolations(viewer.page)).toEqual([]);
    await viewer.page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-390.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
