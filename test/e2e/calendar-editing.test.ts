import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Editing the content calendar in the browser: the event editor (title, status, assignee by
 * name, time in the event's zone), dragging to another day in month view, resizing in week view,
 * moving with the keyboard, deleting with Undo. Every result is checked through the REST API
 * (instants and zone exact), and a second browser in another zone follows live.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the calendar editing browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';

interface StoredEvent {
  eventId: string;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  status: string;
  assigneeId: string | null;
  channel: string;
}

describe.skipIf(!hasChromium)('editing the content calendar', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;
  /** A browser profile in `timezoneId`, signed in through the sign-in page. */
  const person = (name: string, timezoneId: string) => suite.person(name, { viewport: { width: 1400, height: 1000 }, timezoneId });

  async function goToMonth(page: Page, target: string) {
    const index = (title: string) => {
      const [month, year] = title.trim().split(' ');
      return Number(year) * 12 + MONTHS.indexOf(month!);
    };
    const title = page.getByTestId('calendar-title');
    const steps = index(target) - index((await title.textContent()) ?? '');
    for (let i = 0; i < Math.abs(steps); i++) await page.getByRole('button', { name: steps > 0 ? 'Next month' : 'Previous month' }).click();
    await expect.poll(() => title.textContent(), POLL).toBe(target);
  }

  const eventIn = (page: Page, day: string, title: string) => page.locator(`[data-testid=day-${day}] [data-testid^=event-][data-title="${title}"]`);
  const anyEvent = (page: Page, title: string) => page.locator(`[data-testid=calendar] .grid [data-testid^=event-][data-title="${title}"]`);

  it('edits, drags, resizes, moves by keyboard, deletes and restores an event; another browser follows', async () => {
    const owner = await person('Olga', NEW_YORK);
    await owner.page.fill('input[name=project-name]', 'Editing');
    await owner.page.click('text=Create project');
    await owner.page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(owner.page.url().split('#/p/')[1]!);
    const calendar = await call<{ name: string }>(owner.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'calendar', title: 'Launch plan' });
    const calendarId = calendar.name.split(':')[2]!;
    const calendarUrl = `${suite.app.url}/#/d/${encodeURIComponent(calendar.name)}`;
    const editor = await person('Eddie', BERLIN);
    await call(owner.page, 'POST', `/api/projects/${projectId}/members`, { email: editor.email, role: 'editor' });
    const members = await call<{ userId: string; email: string }[]>(owner.page, 'GET', `/api/projects/${projectId}/members`);
    const eddieId = members.find((member) => member.email === editor.email)!.userId;

    const stored = async () => (await call<{ items: StoredEvent[] }>(owner.page, 'GET', `/api/calendar/events?projectId=${projectId}&calendarId=${calendarId}`)).items;
    const only = async () => {
      const items = await stored();
      expect(items).toHaveLength(1);
      return items[0]!;
    };
    const timing = async () => {
      const items = await stored();
      return items.length === 1 ? { start: items[0]!.start, end: items[0]!.end, timeZone: items[0]!.timeZone, allDay: items[0]!.allDay } : null;
    };

    for (const who of [owner, editor]) {
      await who.page.goto(calendarUrl);
      await who.page.getByTestId('calendar').waitFor();
      await goToMonth(who.page, 'February 2027');
    }

    // 1. Added through the form, 09:00–10:00 New York time.
    const form = owner.page.getByRole('form', { name: 'New event' });
    await form.getByLabel('Title', { exact: true }).fill('Teaser');
    await form.getByLabel('Date', { exact: true }).fill('2027-02-10');
    await form.getByLabel('Time', { exact: true }).fill('09:00');
    await form.getByLabel('Duration (minutes)', { exact: true }).fill('60');
    await form.getByRole('button', { name: 'Add event' }).click();
    await eventIn(owner.page, '2027-02-10', 'Teaser').waitFor();
    await expect.poll(async () => (await stored()).length, POLL).toBe(1);
    expect(await only()).toMatchObject({ title: 'Teaser', start: '2027-02-10T09:00:00-05:00', end: '2027-02-10T10:00:00-05:00', timeZone: NEW_YORK, allDay: false, status: 'scheduled', assigneeId: null });
    // Berlin sees it at 15:00 its time.
    await expect.poll(() => eventIn(editor.page, '2027-02-10', 'Teaser').locator('.time').textContent().catch(() => null), POLL).toBe('15:00');

    // 2. The editor: focus moves in; title, status, assignee by name and time in the event's zone.
    await eventIn(owner.page, '2027-02-10', 'Teaser').locator('.event-open').click();
    const dialog = owner.page.getByRole('dialog', { name: 'Edit event' });
    await dialog.waitFor();
    await expect.poll(() => owner.page.evaluate(() => document.activeElement?.closest('dialog') !== null && document.activeElement?.getAttribute('name')), POLL).toBe('edit-title');
    expect(await dialog.getByLabel('Time zone', { exact: true }).inputValue()).toBe(NEW_YORK);
    await dialog.getByLabel('Title', { exact: true }).fill('Teaser cut');
    await dialog.getByLabel('Status', { exact: true }).selectOption('draft');
    await expect.poll(() => dialog.getByLabel('Assignee', { exact: true }).locator('option', { hasText: 'Eddie' }).count(), POLL).toBe(1);
    await dialog.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Eddie' });
    await dialog.getByLabel('Start time', { exact: true }).fill('14:30');
    await dialog.getByLabel('Duration (minutes)', { exact: true }).fill('45');
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-editing-dialog-1400.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stored())[0]?.title, POLL).toBe('Teaser cut');
    expect(await only()).toMatchObject({ title: 'Teaser cut', status: 'draft', assigneeId: eddieId, start: '2027-02-10T14:30:00-05:00', end: '2027-02-10T15:15:00-05:00', timeZone: NEW_YORK, allDay: false, channel: 'youtube' });
    // Shown by name on the chip, for both.
    await expect.poll(() => eventIn(owner.page, '2027-02-10', 'Teaser cut').locator('.event-assignee').textContent().catch(() => null), POLL).toContain('Eddie');
    await expect.poll(() => eventIn(editor.page, '2027-02-10', 'Teaser cut').locator('.event-assignee').textContent().catch(() => null), POLL).toContain('Eddie');
    expect(await eventIn(editor.page, '2027-02-10', 'Teaser cut').locator('.time').textContent()).toBe('20:30');

    // Berlin opens it: the time is in the event's own zone, with Berlin's equivalent; Escape closes it.
    await eventIn(editor.page, '2027-02-10', 'Teaser cut').locator('.event-open').click();
    const berlinDialog = editor.page.getByRole('dialog', { name: 'Edit event' });
    await berlinDialog.waitFor();
    expect(await berlinDialog.getByLabel('Start time', { exact: true }).inputValue()).toBe('14:30');
    expect(await berlinDialog.getByLabel('Assignee', { exact: true }).locator('option:checked').textContent()).toBe('Eddie');
    expect(await berlinDialog.getByTestId('editor-when').textContent()).toContain('20:30–21:15 your time (Europe/Berlin)');
    await editor.page.keyboard.press('Escape');
    await berlinDialog.waitFor({ state: 'detached' });

    // 3. Dragged to Friday in month view: same time of day in New York, same length.
    await owner.page.dragAndDrop(`[data-testid=day-2027-02-10] [data-title="Teaser cut"]`, '[data-testid=day-2027-02-12]');
    await expect.poll(timing, POLL).toEqual({ start: '2027-02-12T14:30:00-05:00', end: '2027-02-12T15:15:00-05:00', timeZone: NEW_YORK, allDay: false });
    await eventIn(editor.page, '2027-02-12', 'Teaser cut').waitFor({ timeout: 15_000 });
    expect(await eventIn(editor.page, '2027-02-10', 'Teaser cut').count()).toBe(0);

    // 4. Week view: made 15 minutes longer with its button.
    await owner.page.getByRole('button', { name: 'Week', exact: true }).click();
    await owner.page.getByRole('button', { name: 'Next week' }).click();
    await eventIn(owner.page, '2027-02-12', 'Teaser cut').waitFor();
    await owner.page.getByRole('button', { name: 'End “Teaser cut” 15 minutes later' }).click();
    await expect.poll(timing, POLL).toEqual({ start: '2027-02-12T14:30:00-05:00', end: '2027-02-12T15:30:00-05:00', timeZone: NEW_YORK, allDay: false });
    await expect.poll(() => eventIn(editor.page, '2027-02-12', 'Teaser cut').getAttribute('title').catch(() => ''), POLL).toContain('20:30–21:30 your time');

    // 5. The keyboard: Alt+→ moves it a day, Alt+Shift+↓ ends it 15 minutes later; announced, focus kept.
    await eventIn(owner.page, '2027-02-12', 'Teaser cut').locator('.event-open').focus();
    await owner.page.keyboard.press('Alt+ArrowRight');
    await expect.poll(timing, POLL).toEqual({ start: '2027-02-13T14:30:00-05:00', end: '2027-02-13T15:30:00-05:00', timeZone: NEW_YORK, allDay: false });
    await expect.poll(() => owner.page.getByTestId('calendar-announcer').textContent(), POLL).toContain('moved');
    await expect.poll(() => owner.page.evaluate(() => document.activeElement?.closest('[data-title]')?.getAttribute('data-title') ?? null), POLL).toBe('Teaser cut');
    await owner.page.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(timing, POLL).toEqual({ start: '2027-02-13T14:30:00-05:00', end: '2027-02-13T15:45:00-05:00', timeZone: NEW_YORK, allDay: false });
    await expect.poll(() => owner.page.getByTestId('calendar-announcer').textContent(), POLL).toContain('now ends at 15:45');
    await eventIn(editor.page, '2027-02-13', 'Teaser cut').waitFor({ timeout: 15_000 });
    await expect.poll(() => eventIn(editor.page, '2027-02-13', 'Teaser cut').getAttribute('title').catch(() => ''), POLL).toContain('20:30–21:45 your time');
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-editing-1400.png'), fullPage: true });

    // 6. Deleted from the editor, then restored with Undo.
    await eventIn(owner.page, '2027-02-13', 'Teaser cut').locator('.event-open').click();
    await owner.page.getByRole('dialog', { name: 'Edit event' }).getByRole('button', { name: 'Delete' }).click();
    await owner.page.getByTestId('undo-notice').waitFor();
    await expect.poll(async () => (await stored()).length, POLL).toBe(0);
    await expect.poll(() => anyEvent(editor.page, 'Teaser cut').count(), POLL).toBe(0);
    expect(await anyEvent(owner.page, 'Teaser cut').count()).toBe(0);
    await owner.page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await stored()).length, POLL).toBe(1);
    expect(await only()).toMatchObject({ title: 'Teaser cut', status: 'draft', assigneeId: eddieId, start: '2027-02-13T14:30:00-05:00', end: '2027-02-13T15:45:00-05:00', timeZone: NEW_YORK, allDay: false });
    await eventIn(editor.page, '2027-02-13', 'Teaser cut').waitFor({ timeout: 15_000 });
    await eventIn(owner.page, '2027-02-13', 'Teaser cut').waitFor();

    // A viewer sees it all (details included) and gets no controls.
    const viewer = await person('Vera', 'UTC');
    await call(owner.page, 'POST', `/api/projects/${projectId}/members`, { email: viewer.email, role: 'viewer' });
    await viewer.page.goto(calendarUrl);
    await viewer.page.getByTestId('calendar').waitFor();
    await goToMonth(viewer.page, 'February 2027');
    const seen = eventIn(viewer.page, '2027-02-13', 'Teaser cut');
    await seen.waitFor({ timeout: 15_000 });
    await expect.poll(() => seen.getAttribute('draggable'), POLL).toBe('false');
    expect(await viewer.page.getByRole('form', { name: 'New event' }).count()).toBe(0);
    await viewer.page.getByRole('button', { name: 'Week', exact: true }).click();
    await viewer.page.getByRole('button', { name: 'Next week' }).click();
    await eventIn(viewer.page, '2027-02-13', 'Teaser cut').waitFor();
    expect(await viewer.page.locator('.event-resize').count()).toBe(0);
    await eventIn(viewer.page, '2027-02-13', 'Teaser cut').locator('.event-open').click();
    const details = viewer.page.getByRole('dialog', { name: 'Event', exact: true });
    await details.waitFor();
    expect(await details.getByLabel('Title', { exact: true }).inputValue()).toBe('Teaser cut');
    expect(await details.getByLabel('Title', { exact: true }).isDisabled()).toBe(true);
    expect(await details.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await details.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await viewer.page.keyboard.press('Alt+ArrowRight');
    await viewer.page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await viewer.page.keyboard.press('Alt+ArrowRight');
    expect((await only()).start).toBe('2027-02-13T14:30:00-05:00');

    // 7. On a phone: nothing wider than the screen, in month view and with the editor open.
    await owner.page.getByRole('button', { name: 'Month', exact: true }).click();
    await owner.page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => owner.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect.poll(overflow, POLL).toBeLessThanOrEqual(0);
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-editing-390.png'), fullPage: true });
    await eventIn(owner.page, '2027-02-13', 'Teaser cut').locator('.event-open').click();
    const phoneDialog = owner.page.getByRole('dialog', { name: 'Edit event' });
    await phoneDialog.waitFor();
    const box = (await phoneDialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await owner.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-editing-dialog-390.png') });
    await phoneDialog.getByRole('button', { name: 'Cancel' }).click();
    await phoneDialog.waitFor({ state: 'detached' });

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
