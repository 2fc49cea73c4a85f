import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS as ALL_SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Every screen of the web client through axe-core, at a desktop and a phone width: no serious or
 * critical violations, and a screenshot of each for a look by eye.
 */
const SCREENSHOTS = path.join(ALL_SCREENSHOTS, 'screens');
if (!hasChromium) console.warn(`\n!!! SKIPPING the accessibility tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const WIDTHS = [
  { name: '1400', width: 1400, height: 900 },
  { name: '390', width: 390, height: 844 },
];

describe.skipIf(!hasChromium)('accessibility of every screen', () => {
  const suite = browserSuite();
  const { call } = suite;
  beforeAll(() => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  /** Serious and critical violations, named with where they are. */
  async function violations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
  }

  it('has no serious or critical violations on any screen, at 1,400 and 390 px', { timeout: 180_000 }, async () => {
    for (const size of WIDTHS) {
      const context = await suite.newContext({ viewport: { width: size.width, height: size.height } });
      const page = await context.newPage();
      const found: Record<string, string[]> = {};
      const check = async (screen: string, ready: () => Promise<unknown>) => {
        await ready();
        found[screen] = await violations(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${screen}-${size.name}.png`), fullPage: true });
      };

      await page.goto(suite.app.url);
      await check('sign-in', () => page.locator('input[name=email]').waitFor());
      await page.fill('input[name=email]', `axe-${size.name}-${Date.now()}@example.com`);
      await page.fill('input[name=name]', 'Ada');
      await page.click('button[type=submit]');
      await check('projects', () => page.getByTestId('me').waitFor());

      const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Screens' });
      const documents: Record<string, string> = {};
      for (const kind of ['kanban', 'calendar', 'pipeline', 'annotations']) documents[kind] = (await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind, title: `A ${kind}` })).name;
      const base = `${suite.app.url}/#/p/${encodeURIComponent(project.id)}`;
      await page.goto(base);
      await check('project', () => page.getByTestId('document-kanban').waitFor());
      for (const [kind, name] of Object.entries(documents)) {
        await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(name)}`);
        await check(`document-${kind}`, () => page.getByTestId('save-state').waitFor());
        if (kind === 'kanban') {
          // The history panel, open over the board (empty: nothing has been saved yet).
          await page.getByTestId('history-open').click();
          await check('document-history', () => page.getByTestId('history-empty').waitFor());
          await page.keyboard.press('Escape');
        }
      }
      for (const screen of ['requests', 'assets', 'notifications', 'integrations', 'deliveries', 'google-calendar', 'votes']) {
        await page.goto(`${base}/${screen}`);
        await check(screen, () => page.locator('main h1, main h2').first().waitFor());
      }
      await page.goto(`${suite.app.url}/#/inbox`);
      await check('inbox', () => page.locator('main h1, main h2').first().waitFor());

      await context.close();
      expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0)), `at ${size.name} px`).toEqual({});
    }
  });
});
