import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * A document's share dialog in the browser (issue 22): the owner hides a board from members
 * without a grant and grants one editor; another editor who had it open is told at once that they
 * no longer have access, while the granted editor keeps editing. Only owners and admins see Share;
 * the server's refusal (a grant for someone who left) shows in the dialog. Axe on the open dialog.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the document sharing browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };

interface Access {
  memberAccess: string;
  grants: { userId: string | null; projectRole: string | null; role: string }[];
}

describe.skipIf(!hasChromium)('the share dialog of a document', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;

  const card = (page: Page, title: string) => page.locator(`[data-testid^=card-][data-title="${title}"]`);
  const shareButton = (page: Page) => page.getByRole('button', { name: 'Share', exact: true });
  const shareDialog = (page: Page) => page.getByRole('dialog', { name: 'Share', exact: true });

  async function addCard(page: Page, title: string) {
    await page.fill('[data-testid=column-todo] input[name=new-card]', title);
    await page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    await card(page, title).waitFor();
  }

  /** Serious and critical violations, named with where they are (as accessibility.test.ts). */
  async function violations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).include('[data-testid=share-dialog]').analyze();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
  }

  it('hides a board from members without a grant: the one still looking is told, the one granted keeps editing', async () => {
    const owner = await suite.person('Olivia');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'Embargo');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const board = await call<{ id: string; name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Launch board' });
    const boardUrl = `${suite.app.url}/#/d/${encodeURIComponent(board.name)}`;
    const [granted, other] = [await suite.person('Gina'), await suite.person('Oscar')];
    for (const editor of [granted, other]) await call(page, 'POST', `/api/projects/${projectId}/members`, { email: editor.email, role: 'editor' });

    await page.goto(boardUrl);
    await page.getByTestId('column-todo').waitFor();
    await addCard(page, 'Script');
    for (const editor of [granted, other]) {
      await editor.page.goto(boardUrl);
      await card(editor.page, 'Script').waitFor();
    }
    // Only owners and admins manage access: an editor has no Share button.
    await expect.poll(() => shareButton(page).count(), POLL).toBe(1);
    expect(await shareButton(other.page).count()).toBe(0);

    await shareButton(page).click();
    const dialog = shareDialog(page);
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('radio', { name: 'Everyone in the project', exact: true }).isChecked(), POLL).toBe(true);
    expect(await dialog.getByText('Owners and admins always keep full access.', { exact: true }).count()).toBe(1);
    expect(await violations(page)).toEqual([]);

    await dialog.getByRole('radio', { name: 'Only people granted', exact: true }).check();
    await dialog.getByRole('combobox', { name: 'Grant access to', exact: true }).selectOption({ label: `Gina (${granted.email})` });
    await dialog.getByRole('combobox', { name: 'Access', exact: true }).selectOption({ label: 'Can edit' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const grantRole = dialog.getByRole('combobox', { name: `Access of Gina (${granted.email})`, exact: true });
    expect(await grantRole.inputValue()).toBe('editor');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => dialog.getByRole('status').filter({ hasText: 'Saved.' }).count(), POLL).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'share-dialog.png') });

    const stored = await call<Access>(page, 'GET', `/api/projects/${projectId}/documents/${board.id}/access`);
    expect(stored).toMatchObject({ memberAccess: 'none', grants: [{ role: 'editor', projectRole: null }] });

    // The editor without a grant had the board open: it says so, instead of spinning or showing a stale board.
    await other.page.getByRole('alert').filter({ hasText: 'You no longer have access to this document.' }).waitFor();
    expect(await card(other.page, 'Script').count()).toBe(0);
    await other.page.screenshot({ path: path.join(SCREENSHOTS, 'share-access-lost.png') });

    // The granted editor still edits, and the owner sees it live.
    await addCard(granted.page, 'Shoot');
    await card(page, 'Shoot').waitFor();
    expect(await granted.page.getByTestId('readonly').count()).toBe(0);

    // Escape closes the dialog, and focus goes back to Share.
    await page.keyboard.press('Escape');
    await expect.poll(() => shareDialog(page).count(), POLL).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Share');
    expect(pageErrors).toEqual([]);
  });

  it("shows the server's refusal: a grant for someone who left the project is not saved", async () => {
    const owner = await suite.person('Priya');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'Refusals');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const board = await call<{ id: string; name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Roadmap' });
    const leaver = await suite.person('Lee');
    await call(page, 'POST', `/api/projects/${projectId}/members`, { email: leaver.email, role: 'viewer' });

    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.getByTestId('column-todo').waitFor();
    await shareButton(page).click();
    const dialog = shareDialog(page);
    const who = dialog.getByRole('combobox', { name: 'Grant access to', exact: true });
    await expect.poll(() => who.locator('option', { hasText: leaver.email }).count(), POLL).toBe(1);
    await who.selectOption({ label: `Lee (${leaver.email})` });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();

    // Lee leaves while the dialog is open.
    const members = await call<{ userId: string; email: string }[]>(page, 'GET', `/api/projects/${projectId}/members`);
    await call(page, 'DELETE', `/api/projects/${projectId}/members/${members.find((member) => member.email === leaver.email)!.userId}`);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Grants name members of the project; invite the others first.');
    expect((await call<Access>(page, 'GET', `/api/projects/${projectId}/documents/${board.id}/access`)).grants).toEqual([]);

    // Removing the grant and saving again works.
    await dialog.getByRole('button', { name: `Remove Lee (${leaver.email})`, exact: true }).click();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => dialog.getByRole('status').filter({ hasText: 'Saved.' }).count(), POLL).toBe(1);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
