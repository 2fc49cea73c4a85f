import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * The knowledge page in the browser, without an AI provider: a Markdown file uploaded from the
 * page, a question answered extractively (labelled), and a citation that opens the document in
 * the reader scrolled to the quoted passage.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the knowledge browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 30_000, interval: 200 };
const FILLER = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} describes the ordinary daily routine of the studio in some detail.`).join('\n\n');
const HANDBOOK = `# Routine\n\n${FILLER}\n\n# Equipment\n\nCameras are checked out from the equipment room and returned by 6 pm the same day.`;

describe.skipIf(!hasChromium)('knowledge documents in the browser', () => {
  const suite = browserSuite();

  it('uploads a file, answers extractively and scrolls the reader to a cited passage', { timeout: 120_000 }, async () => {
    const { page } = await suite.person('Kim');
    const project = await suite.call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Handbook' });
    await page.goto(`${suite.app.url}/#/p/${project.id}`);
    await page.getByTestId('knowledge-link').click();
    await page.locator('input[type=file]').setInputFiles({ name: 'handbook.md', mimeType: 'text/markdown', buffer: Buffer.from(HANDBOOK) });
    await expect.poll(() => page.locator('.knowledge-documents').textContent(), POLL).toContain('markdown');

    await page.getByLabel('Your question').fill('When must cameras be returned?');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect.poll(() => page.getByTestId('knowledge-answer').textContent(), POLL).toContain('returned by 6 pm');
    expect(await page.locator('.knowledge-label').textContent()).toContain('no AI model is configured');

    await page.getByTestId('knowledge-citation').first().click();
    const mark = page.getByTestId('knowledge-reader').locator('mark');
    await expect.poll(() => mark.textContent(), POLL).toContain('Cameras are checked out');
    await expect.poll(() => mark.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const reader = element.closest('.knowledge-reader')!.getBoundingClientRect();
      return box.top >= reader.top && box.bottom <= reader.bottom;
    }), POLL).toBe(true);
    const violations = (await new AxeBuilder({ page }).include('main').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    expect(violations, JSON.stringify((await new AxeBuilder({ page }).include('main').analyze()).violations.map((v) => [v.id, v.nodes.map((n) => n.html)]))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-1400.png') });
    expect(suite.pageErrors).toEqual([]);
  });
});
