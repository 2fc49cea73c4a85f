import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { buildWebOnce } from './web-build.js';
import { callAs, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/**
 * Notifications in the browser: the bell's live badge, the inbox, and the integrations and
 * deliveries screens, in Debian's Chromium (never a downloaded browser).
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the notifications browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 20_000, interval: 100 };
/** Named, so the test can see when the change feed's jobs are done. */
const JOBS_SCHEMA = `jobs_e2e_${Math.random().toString(36).slice(2, 10)}`;

describe.skipIf(!hasChromium)('notifications in the web client', () => {
  let app: TestApp;
  let browser: Browser;
  let discord: FakeDiscord;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildWebOnce();
    // Private URLs allowed: the local Discord listens on 127.0.0.1. One attempt: a failure is dead at once.
    app = await startTestApp(process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite', { AUTH_DEV_LOGIN: 'true', INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true', CHAT_DELIVERY_MAX_ATTEMPTS: '1', WORKER_POLL_INTERVAL_MS: '500', JOBS_SCHEMA });
    discord = await startFakeDiscord();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.stop();
    await discord?.close();
  });

  async function person(name: string): Promise<{ page: Page; email: string; id: string }> {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    await page.goto(app.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=name]', name);
    await page.click('button[type=submit]');
    await page.getByTestId('me').waitFor();
    const profile = await call<{ id: string }>(page, 'GET', '/auth/user/profile');
    return { page, email, id: profile.id };
  }

  /** The API through the page's own session cookie. */
  const call = <T>(page: Page, method: string, url: string, body?: unknown) => callAs<T>(page, app.url, method, url, body);

  async function projectWithBoard(owner: Page) {
    await owner.fill('input[name=project-name]', 'Launch');
    await owner.click('text=Create project');
    await owner.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(owner.url().split('#/p/')[1]!);
    await owner.fill('input[name=title]', 'Launch board');
    await owner.click('button:has-text("Create")');
    await owner.getByTestId('document-kanban').waitFor();
    const board = (await call<{ name: string }[]>(owner, 'GET', `/api/projects/${projectId}/documents`))[0]!;
    return { projectId, board };
  }

  /**
   * Waits until the board's `type` event is recorded and handed out. Who hears of an event is
   * decided when it is fanned out, from the item as it is then: a card assigned before its
   * creation was fanned out would tell the assignee of the creation too.
   */
  async function feedSettled(documentName: string, type: string) {
    const count = async (sql: string, params: unknown[] = []) => (await app.db.query<{ n: number }>(sql, params)).rows[0]!.n;
    await expect.poll(() => count('SELECT count(*)::int AS n FROM document_events WHERE document_name = $1 AND type = $2', [documentName, type]), POLL).toBe(1);
    await expect.poll(() => count(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = 'events.fan-out' AND state IN ('created', 'retry', 'active')`), POLL).toBe(0);
  }

  const unread = (page: Page) => page.getByTestId('bell').getAttribute('data-unread');

  it('assigning a card lights the other person’s bell without a reload; the inbox names who did it; reading clears it', async () => {
    const olivia = await person('Olivia');
    const eddie = await person('Eddie');
    const { projectId, board } = await projectWithBoard(olivia.page);
    await call(olivia.page, 'POST', `/api/projects/${projectId}/members`, { email: eddie.email, role: 'editor' });
    await olivia.page.getByTestId('document-kanban').click();
    await olivia.page.fill('[data-testid=column-todo] input[name=new-card]', 'Teaser');
    await olivia.page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    await feedSettled(board.name, 'task.created');

    // Eddie works on the board: his open document connection carries his notifications.
    await eddie.page.goto(`${app.url}/#/d/${encodeURIComponent(board.name)}`);
    await eddie.page.locator('[data-testid^=card-][data-title="Teaser"]').waitFor();
    await expect.poll(() => unread(eddie.page), POLL).toBe('0');
    await eddie.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await olivia.page.locator('[data-testid^=card-][data-title="Teaser"] .card-title').click();
    await olivia.page.fill('[name=card-assignees]', eddie.id);
    await olivia.page.locator('[name=card-labels]').focus();

    await expect.poll(() => unread(eddie.page), POLL).toBe('1');
    expect(await eddie.page.getByTestId('unread-badge').textContent()).toBe('1');
    expect(await eddie.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    await eddie.page.getByTestId('bell').click();
    const item = eddie.page.getByTestId('notification').first();
    await item.waitFor();
    // Named once the project's members are known to the inbox.
    await expect.poll(() => item.textContent(), POLL).toContain('Olivia assigned you to “Teaser”');
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.locator('a').getAttribute('href')).toBe(`#/d/${encodeURIComponent(board.name)}`);
    await eddie.page.screenshot({ path: path.join(SCREENSHOTS, 'inbox.png'), fullPage: true });

    await eddie.page.getByTestId('mark-all-read').click();
    await expect.poll(() => unread(eddie.page), POLL).toBe('0');
    expect(await eddie.page.getByTestId('unread-badge').count()).toBe(0);
    expect(await item.getAttribute('data-unread')).toBe('false');
    // The server agrees.
    expect(await call<{ unread: number }>(eddie.page, 'GET', '/api/notifications/unread-count')).toEqual({ unread: 0 });
  }, 90_000);

  it('an admin adds a Discord integration on its screen, sees it without its secret, and retries a dead delivery', async () => {
    const owner = await person('Ada');
    const { projectId, board } = await projectWithBoard(owner.page);
    await owner.page.getByTestId('integrations-link').click();
    await owner.page.waitForURL(/\/integrations$/);

    // A URL that is not a Discord webhook is refused, and the form says why.
    await owner.page.getByTestId('add-integration').click();
    // JIRA asks for its site, project and token; Discord only for a webhook URL.
    await owner.page.selectOption('[name=integration-kind]', 'jira');
    await owner.page.locator('[name=jira-site]').waitFor();
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'integration-form-jira.png'), fullPage: true });
    await owner.page.selectOption('[name=integration-kind]', 'discord');
    expect(await owner.page.locator('[name=jira-site]').count()).toBe(0);
    await owner.page.fill('[name=integration-name]', 'Team chat');
    await owner.page.fill('[name=integration-secret]', 'https://example.com/not-a-webhook');
    await owner.page.click('button:has-text("Add integration")');
    await expect.poll(() => owner.page.getByTestId('integration-error').textContent(), POLL).toContain('Discord webhook URL');

    const webhook = discord.webhookUrl();
    const token = webhook.split('/').at(-1)!;
    await owner.page.fill('[name=integration-secret]', webhook);
    await owner.page.click('button:has-text("Add integration")');
    const listed = owner.page.locator('[data-testid=integration][data-name="Team chat"]');
    await listed.waitFor();
    expect(await listed.getAttribute('data-status')).toBe('active');
    expect(await listed.textContent()).toContain(`…${token.slice(-4)}`);
    expect(await owner.page.content()).not.toContain(token);
    // Tried at once: one short message reaches the channel, and the screen says it worked.
    await listed.getByTestId('test-integration').click();
    await expect.poll(() => listed.getByTestId('test-result').textContent().catch(() => null), POLL).toBe('Test sent: it works.');
    expect(discord.textOf(discord.messages.at(-1)!.body)).toContain('Studio is connected');
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'integrations.png'), fullPage: true });

    // Discord is down when a card is added: the delivery dies (one attempt here) and shows on the deliveries screen.
    discord.alwaysFail(502);
    await call(owner.page, 'POST', '/api/tasks', { projectId, boardId: board.name.split(':')[2], title: 'Premiere' });
    await listed.locator('a:has-text("deliveries")').click();
    const row = owner.page.locator('[data-testid=delivery]').first();
    await expect.poll(async () => {
      await owner.page.click('button:has-text("Refresh")');
      return row.getAttribute('data-status');
    }, POLL).toBe('dead');
    expect(await row.textContent()).toContain('HTTP 502');
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'deliveries.png'), fullPage: true });

    discord.alwaysFail(null);
    await row.getByTestId('retry').click();
    await expect.poll(async () => {
      await owner.page.click('button:has-text("Refresh")');
      return row.getAttribute('data-status');
    }, POLL).toBe('delivered');
    expect(discord.textOf(discord.messages.at(-1)!.body)).toContain('Premiere');
  }, 90_000);
  it('a member switches calendar email off and one kind of task email on; the server keeps exactly that', async () => {
    const member = await person('Mina');
    const { projectId } = await projectWithBoard(member.page);
    await member.page.goto(`${app.url}/#/p/${encodeURIComponent(projectId)}`);
    await member.page.getByTestId('notification-settings-link').click();
    const settings = member.page.getByTestId('notification-settings');
    await settings.waitFor();
    const box = (label: string) => settings.getByLabel(label, { exact: true });
    type Prefs = { groups: Record<string, string[]>; types: Record<string, string[]>; effective: Record<string, string[]> };
    const stored = () => call<Prefs>(member.page, 'GET', `/api/notifications/preferences?projectId=${projectId}`);

    // Defaults: calendar clashes come by email, moves do not.
    await box('event.conflicting: By email').waitFor();
    expect(await box('event.conflicting: By email').isChecked()).toBe(true);
    expect(await box('task.moved: By email').isChecked()).toBe(false);

    // A box changes at once (what is being saved); the server keeps it once its answer comes.
    const toggle = async (label: string, to: boolean) => {
      await box(label).click();
      await expect.poll(() => box(label).isChecked(), POLL).toBe(to);
    };
    await toggle('Calendar: By email', true);
    await expect.poll(async () => (await stored()).groups.calendar, POLL).toEqual(['inApp', 'email']);
    await toggle('Calendar: By email', false);
    await expect.poll(async () => (await stored()).groups.calendar, POLL).toEqual(['inApp']);
    await toggle('task.moved: By email', true);
    await expect.poll(async () => (await stored()).types['task.moved'], POLL).toEqual(['inApp', 'email']);
    const after = await stored();
    expect(after.effective['event.conflicting']).toEqual(['inApp']);
    expect(after.effective['event.scheduled']).toEqual(['inApp']);
    expect(after.effective['task.moved']).toEqual(['inApp', 'email']);
    expect(after.effective['task.archived']).toEqual(['inApp']);
    expect(await box('event.conflicting: By email').isChecked()).toBe(false);
    await member.page.screenshot({ path: path.join(SCREENSHOTS, 'notification-settings.png'), fullPage: true });

    await settings.locator('button:has-text("Back to the defaults")').click();
    await expect.poll(async () => (await stored()).effective['event.conflicting'], POLL).toEqual(['inApp', 'email']);
  }, 90_000);
});
