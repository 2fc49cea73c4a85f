import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Editing a pipeline board in the browser: every "Needs …" line of the last stage cleared from
 * the card editor (brief, assignee picked by name, reference link, due date, cut to review), a
 * link that is not http(s) refused in words, a viewer seeing it all with every control disabled,
 * the five stages side by side at 1,400 px and stacked on a phone. In Debian's Chromium.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the pipeline editing browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };
const STAGES = ['idea', 'script', 'body-mirroring', 'production', 'review'];

interface PipelineVideo {
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  brief: string;
  missing: { id: string }[];
  assets: { kind: string; url: string }[];
}

describe.skipIf(!hasChromium)('editing a pipeline in Chromium', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;

  const teaser = (page: Page) => page.locator('[data-testid^=item-][data-title="Spring teaser"]');
  const needsIn = (page: Page, stage: string) => page.locator(`[data-testid=stage-${stage}] .missing li`).allTextContents();
  const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), POLL).toBe('saved');
  /** Each stage column's left and right edge, and how far the page and the board scroll sideways. */
  const layout = (page: Page) =>
    page.evaluate((stages) => {
      const board = document.querySelector<HTMLElement>('[data-testid=pipeline]')!;
      return {
        viewport: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        boardOverflow: board.scrollWidth - board.clientWidth,
        columns: stages.map((stage) => {
          const box = document.querySelector(`[data-testid=stage-${stage}]`)!.getBoundingClientRect();
          return { stage, left: box.left, right: box.right, top: box.top };
        }),
      };
    }, STAGES);
  const seriousViolations = async (page: Page) =>
    (await new AxeBuilder({ page }).include('[data-testid=pipeline]').analyze()).violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join('; ')}`);

  it('clears every need of Review from the editor, shows it all to a viewer disabled, and fits five stages at 1,400 px and a phone', { timeout: 180_000 }, async () => {
    const owner = await suite.person('Paula');
    const { page } = owner;
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Pipeline editing' });
    const eddie = await suite.person('Eddie');
    await call(page, 'POST', `/api/projects/${project.id}/members`, { email: eddie.email, role: 'editor' });
    const members = await call<{ userId: string; email: string }[]>(page, 'GET', `/api/projects/${project.id}/members`);
    const eddieId = members.find((member) => member.email === eddie.email)!.userId;
    const pipeline = await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'pipeline', title: 'Spring videos' });
    const pipelineUrl = `${suite.app.url}/#/d/${encodeURIComponent(pipeline.name)}`;
    const stored = async () => {
      const reply = await call<{ stages: { stage: string; videos: PipelineVideo[] }[] }>(page, 'GET', `/api/video/pipeline?projectId=${project.id}&pipelineId=${pipeline.name.split(':')[2]}`);
      return reply.stages.flatMap((stage) => stage.videos.map((video) => ({ ...video, stage: stage.stage }))).find((video) => video.title === 'Spring teaser');
    };

    await page.goto(pipelineUrl);
    await page.getByTestId('stage-review').waitFor();
    // Stage names say what they mean, and what each asks comes from the stage table.
    expect(await page.locator('[data-testid=stage-body-mirroring] .stage-about').textContent()).toBe('Film the talent mirroring the reference video’s moves.');
    expect(await page.getByTestId('requirements-idea').textContent()).toBe('Needs a title.');
    expect(await page.getByTestId('requirements-review').textContent()).toBe('Needs what Production needs, plus an uploaded video to review.');
    for (const stage of STAGES) expect((await page.locator(`[data-testid=stage-${stage}] .stage-about`).textContent())?.length, stage).toBeGreaterThan(10);

    await page.fill('input[name=item-title]', 'Spring teaser');
    await page.click('button:has-text("Add")');
    await teaser(page).waitFor();
    await page.dragAndDrop('[data-testid^=item-][data-title="Spring teaser"]', '[data-testid=stage-review]');
    await expect.poll(() => needsIn(page, 'review'), POLL).toEqual([
      'Needs a brief or a linked script',
      'Needs an assignee',
      'Needs a reference video or link to mirror',
      'Needs a due date',
      'Needs an uploaded video to review',
    ]);

    await teaser(page).locator('.card-title').click();
    const editor = teaser(page).locator('[data-testid^=editor-]');
    await editor.waitFor();

    // A link that is not http(s) is refused in words, and stays in the field to be corrected.
    const reference = editor.locator('[name=item-reference]');
    await reference.fill('javascript:alert(1)');
    await reference.press('Enter');
    const refusal = editor.getByRole('alert').filter({ hasText: 'is not a web link' });
    await refusal.waitFor();
    expect(await refusal.isVisible()).toBe(true);
    expect(await reference.inputValue()).toBe('javascript:alert(1)');
    expect(await needsIn(page, 'review')).toContain('Needs a reference video or link to mirror');
    await reference.fill('https://example.com/reference-dance');
    await reference.press('Enter');
    await editor.locator('[data-testid=links-item-reference] a', { hasText: 'example.com/reference-dance' }).waitFor();
    expect(await refusal.count()).toBe(0);
    expect(await reference.inputValue()).toBe('');

    // Brief (committed on leaving it), Eddie picked by name, a due date.
    await editor.locator('[name=item-brief]').fill('Blossoms first, then the product');
    await editor.locator('[name=item-assignee]').focus();
    await editor.locator('[name=item-assignee]').selectOption({ label: 'Eddie' });
    await editor.locator('[name=item-due]').fill('2026-12-20');
    await expect.poll(() => needsIn(page, 'review'), POLL).toEqual(['Needs an uploaded video to review']);
    await expect.poll(() => teaser(page).locator('[data-testid^=assignee-] .person-name').textContent(), POLL).toBe('Eddie');
    expect(await teaser(page).locator('[data-testid^=assignee-]').getAttribute('data-user')).toBe(eddieId);

    // A cut to review: a wrong one removed again, then the right one; nothing is left to need.
    const cut = editor.locator('[name=item-cut]');
    await cut.fill('https://example.com/wrong-cut.mp4');
    await cut.press('Enter');
    await expect.poll(() => needsIn(page, 'review'), POLL).toEqual([]);
    await editor.getByRole('button', { name: 'Remove example.com/wrong-cut.mp4' }).click();
    await expect.poll(() => needsIn(page, 'review'), POLL).toEqual(['Needs an uploaded video to review']);
    await cut.fill('https://example.com/cut-v1.mp4');
    await cut.press('Enter');
    await expect.poll(() => teaser(page).locator('.missing').count(), POLL).toBe(0);
    await saved(page);
    await expect.poll(stored, POLL).toMatchObject({
      stage: 'review',
      brief: 'Blossoms first, then the product',
      assigneeId: eddieId,
      dueDate: '2026-12-20T00:00:00Z',
      missing: [],
      assets: [
        { kind: 'url', url: 'https://example.com/reference-dance' },
        { kind: 'video', url: 'https://example.com/cut-v1.mp4' },
      ],
    });

    // At 1,400 px (and 1,200) all five stages are side by side, none cut off, nothing scrolls sideways.
    for (const width of [1400, 1200]) {
      await page.setViewportSize({ width, height: 900 });
      const wide = await layout(page);
      expect(wide.pageWidth, `page at ${width}`).toBeLessThanOrEqual(wide.viewport);
      expect(wide.boardOverflow, `board at ${width}`).toBeLessThanOrEqual(0);
      for (const column of wide.columns) {
        expect(column.left, `${column.stage} at ${width}`).toBeGreaterThanOrEqual(0);
        expect(column.right, `${column.stage} at ${width}`).toBeLessThanOrEqual(wide.viewport);
        expect(column.top, `${column.stage} at ${width}`).toBe(wide.columns[0]!.top);
      }
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pipeline-editing-1400.png'), fullPage: true });

    // A viewer in another browser sees every value, and every control of the editor is disabled.
    const viewer = await suite.person('Vera');
    await call(page, 'POST', `/api/projects/${project.id}/members`, { email: viewer.email, role: 'viewer' });
    await viewer.page.goto(pipelineUrl);
    await viewer.page.getByTestId('readonly').waitFor();
    await teaser(viewer.page).waitFor();
    expect(await needsIn(viewer.page, 'review')).toEqual([]);
    await expect.poll(() => teaser(viewer.page).locator('[data-testid^=assignee-] .person-name').textContent(), POLL).toBe('Eddie');
    expect(await teaser(viewer.page).locator('[data-testid^=due-]').textContent()).toBe('Due 2026-12-20');
    await teaser(viewer.page).locator('.card-title').click();
    const seen = teaser(viewer.page).locator('[data-testid^=editor-]');
    await seen.waitFor();
    expect(await seen.locator('[name=item-brief]').inputValue()).toBe('Blossoms first, then the product');
    expect(await seen.locator('[name=item-due]').inputValue()).toBe('2026-12-20');
    await expect.poll(() => seen.locator('[name=item-assignee] option:checked').textContent(), POLL).toBe('Eddie');
    expect(await seen.locator('[name=item-stage] option:checked').textContent()).toBe('Review');
    expect(await seen.locator('[data-testid=links-item-reference] a').getAttribute('href')).toBe('https://example.com/reference-dance');
    expect(await seen.locator('[data-testid=links-item-cut] a').getAttribute('href')).toBe('https://example.com/cut-v1.mp4');
    for (const field of ['item-stage', 'item-brief', 'item-script', 'item-assignee', 'item-due', 'item-reference', 'item-cut']) expect(await seen.locator(`[name=${field}]`).isDisabled(), field).toBe(true);
    const enabled = await seen.locator('input, textarea, select, button').evaluateAll((controls) => controls.filter((control) => !(control as HTMLInputElement).disabled).map((control) => control.outerHTML));
    expect(enabled).toEqual([]);
    expect(await viewer.page.locator('input[name=item-title]').count()).toBe(0);
    expect(await teaser(viewer.page).getAttribute('draggable')).toBe('false');

    // On a phone the stages stack (nothing scrolls sideways), and the Stage field moves a card by keyboard.
    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = await layout(page);
    expect(narrow.pageWidth).toBeLessThanOrEqual(narrow.viewport);
    for (const [index, column] of narrow.columns.entries()) {
      expect(column.left, column.stage).toBeGreaterThanOrEqual(0);
      expect(column.right, column.stage).toBeLessThanOrEqual(narrow.viewport);
      if (index > 0) expect(column.top, column.stage).toBeGreaterThan(narrow.columns[index - 1]!.top);
    }
    const stage = editor.locator('[name=item-stage]');
    await stage.focus();
    await stage.selectOption('production');
    await expect.poll(() => page.locator('[data-testid=stage-production] [data-testid^=item-]').count(), POLL).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')), POLL).toBe('item-stage');
    await expect.poll(() => needsIn(viewer.page, 'production'), POLL).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pipeline-editing-390.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
  });
});
