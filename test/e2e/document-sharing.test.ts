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
 * Someone outside the project, invited by email from the dialog, finds the board under "Shared
 * with me", edits it live, and is told when the owner takes the invitation back. A viewer link with
 * a password, made in the dialog, opens the board read-only in a browser that is not signed in,
 * until the owner revokes it.
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

  /** Signs in on a fresh profile with a given email (the invitation's), as `suite.person` does with a made-up one. */
  async function signInAs(name: string, email: string): Promise<Page> {
    const context = await suite.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    await page.goto(suite.app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    return page;
  }

  it('shares a board with someone outside the project: they find it under Shared with me, edit it live, and are told when it is taken back', async () => {
    const owner = await suite.person('Nadia');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'Agency work');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const board = await call<{ id: string; name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Client board' });
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.getByTestId('column-todo').waitFor();
    await addCard(page, 'Brief');

    await shareButton(page).click();
    const dialog = shareDialog(page);
    await dialog.waitFor();
    const invite = dialog.getByTestId('share-invite');
    await invite.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    // A member is restricted with a grant, not invited: the server's reason shows.
    await invite.getByRole('textbox', { name: 'Email', exact: true }).fill(owner.email);
    await invite.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(() => invite.getByRole('alert').textContent(), POLL).toContain('is a member of this project: restrict what they do here with a grant instead.');

    const guestEmail = `gwen-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@client.example`;
    await invite.getByRole('textbox', { name: 'Email', exact: true }).fill(guestEmail);
    await invite.getByRole('combobox', { name: 'Guest access', exact: true }).selectOption({ label: 'Can edit' });
    await invite.getByRole('button', { name: 'Invite', exact: true }).click();
    const guestRow = dialog.getByTestId('share-grant').filter({ hasText: guestEmail });
    await guestRow.waitFor();
    expect(await guestRow.textContent()).toContain('Guest');
    expect(await invite.getByRole('alert').count()).toBe(0);
    const stored = await call<{ grants: { email: string | null; guest: boolean; role: string }[] }>(page, 'GET', `/api/projects/${projectId}/documents/${board.id}/access`);
    expect(stored.grants).toEqual([expect.objectContaining({ email: guestEmail, guest: true, role: 'editor' })]);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'share-dialog-guest.png') });

    // The guest signs in with that address and finds the board under Shared with me.
    const guest = await signInAs('Gwen', guestEmail);
    await guest.getByRole('link', { name: 'Shared with me', exact: true }).click();
    const shared = guest.locator('[data-testid=shared-document][data-title="Client board"]');
    await shared.waitFor();
    expect(await shared.textContent()).toContain('Agency work');
    await guest.screenshot({ path: path.join(SCREENSHOTS, 'shared-with-me.png') });
    await shared.getByRole('link').click();
    await card(guest, 'Brief').waitFor();
    await guest.getByTestId('guest-badge').waitFor();
    expect(await guest.getByTestId('document-title').textContent()).toBe('Client board');
    // The project's own screens are closed to a guest: no History, no Share, back goes to Shared with me.
    expect(await guest.getByTestId('history-open').count()).toBe(0);
    expect(await shareButton(guest).count()).toBe(0);
    expect(await guest.getByRole('link', { name: '← Shared with me', exact: true }).count()).toBe(1);
    await guest.screenshot({ path: path.join(SCREENSHOTS, 'guest-board.png') });

    // The guest edits, and the owner sees it live.
    await addCard(guest, 'Feedback from the client');
    await card(page, 'Feedback from the client').waitFor();

    // The owner takes the invitation back: the guest's page says so at once.
    await guestRow.getByRole('button', { name: /^Remove / }).click();
    await expect.poll(() => dialog.getByTestId('share-grant').filter({ hasText: guestEmail }).count(), POLL).toBe(0);
    await guest.getByRole('alert').filter({ hasText: 'Your access to this shared document has ended.' }).waitFor();
    expect(await card(guest, 'Brief').count()).toBe(0);
    expect(await call<unknown[]>(guest, 'GET', '/api/me/shared-documents')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a viewer link with a password opens the board for someone not signed in, read-only, until the owner revokes it', async () => {
    const owner = await suite.person('Rosa');
    const { page } = owner;
    await page.fill('input[name=project-name]', 'Press kit');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(page.url().split('#/p/')[1]!);
    const board = await call<{ id: string; name: string }>(page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Press board' });
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(board.name)}`);
    await page.getByTestId('column-todo').waitFor();
    await addCard(page, 'Teaser');

    // The owner makes a viewer link with a password in the dialog; its address shows once.
    await shareButton(page).click();
    const links = shareDialog(page).getByTestId('share-links');
    await links.getByTestId('share-no-links').waitFor();
    const form = links.getByTestId('share-create-link');
    await form.getByRole('combobox', { name: 'Link access', exact: true }).selectOption({ label: 'Can view' });
    await form.getByRole('textbox', { name: 'Visitors are called', exact: true }).fill('Press');
    await form.getByLabel('Password (optional)', { exact: true }).fill('correct horse battery');
    await form.getByRole('button', { name: 'Create link', exact: true }).click();
    const address = links.getByRole('textbox', { name: /^Link for “Press”/ });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${suite.app.url}/#/link/.+`));
    // Copied, or (where the clipboard is closed to the page) left selected to copy by hand: either way it says so.
    await links.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(async () => (await links.getByTestId('new-link-copied').textContent()) ?? '', POLL).not.toBe('');
    const row = links.getByTestId('share-link').filter({ hasText: 'Press' });
    expect(await row.getAttribute('data-state')).toBe('live');
    expect(await row.textContent()).toMatch(/Can view · Password.*Never expires · never used/);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'share-dialog-links.png') });
    await shareDialog(page).getByRole('button', { name: 'Close', exact: true }).click();

    // Someone who is not signed in (a fresh browser profile) opens it, and is asked for the password.
    const context = await suite.newContext();
    const visitor = await context.newPage();
    visitor.setDefaultTimeout(15_000);
    visitor.on('pageerror', (error) => pageErrors.push(`visitor: ${error.message}`));
    await visitor.goto(url);
    const password = visitor.getByTestId('link-password');
    await password.waitFor();
    expect(await visitor.locator('input[name=email]').count()).toBe(0);
    await password.getByLabel('Password', { exact: true }).fill('not the password');
    await password.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => password.getByRole('alert').textContent(), POLL).toBe('That is not the password of this link.');
    await password.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await password.getByRole('button', { name: 'Open', exact: true }).click();

    // The board, read-only, without the project around it; the owner's edits arrive live.
    await card(visitor, 'Teaser').waitFor();
    await visitor.getByTestId('readonly').waitFor();
    expect(await visitor.getByTestId('document-title').textContent()).toBe('Press board');
    expect(await visitor.locator('input[name=new-card]').count()).toBe(0);
    await expect.poll(() => card(visitor, 'Teaser').getAttribute('draggable'), POLL).toBe('false');
    expect(await shareButton(visitor).count()).toBe(0);
    expect(await visitor.getByTestId('history-open').count()).toBe(0);
    await addCard(page, 'Interview');
    await card(visitor, 'Interview').waitFor();
    await visitor.screenshot({ path: path.join(SCREENSHOTS, 'link-visitor-board.png') });
    // Nothing of the visit is kept in the browser: no token, no copy of the board.
    const token = url.split('#/link/')[1]!;
    expect(await visitor.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(decodeURIComponent(token));
    expect(await visitor.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);

    // The owner revokes the link: the visitor's page says so at once, and the link opens nothing any more.
    await shareButton(page).click();
    await row.getByRole('button', { name: 'Revoke Press', exact: true }).click();
    await row.getByRole('button', { name: 'Revoke link', exact: true }).click();
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('revoked');
    expect(await row.textContent()).toMatch(/Revoked just now · used once/);
    await visitor.getByRole('alert').filter({ hasText: 'This link no longer opens this document.' }).waitFor();
    expect(await card(visitor, 'Teaser').count()).toBe(0);
    await visitor.reload();
    await visitor.getByRole('alert').filter({ hasText: 'This link does not open anything (it may have expired or been revoked).' }).waitFor();
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
