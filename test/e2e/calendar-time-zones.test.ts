import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, hasChromium, SCREENSHOTS } from './browser.js';

/**
 * The calendar page in two browsers in different zones (Chromium's own time-zone emulation): a
 * time typed in New York is stored as that New York time, and Tokyo sees it at its own local time
 * on its own local day; all-day events stay on their dates; each sees its own today.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the calendar time-zone browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface StoredEvent {
  title: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
}

/** The date (YYYY-MM-DD) it is now in `zone`, computed here independently of the page. */
const todayIn = (zone: string, now = Date.now()) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

describe.skipIf(!hasChromium)('calendar times in the viewer’s zone', () => {
  const suite = browserSuite();

  /** A browser profile in `timezoneId`, signed in through the sign-in page. */
  const person = (name: string, timezoneId: string) => suite.person(name, { viewport: { width: 1400, height: 1000 }, timezoneId });

  const { call } = suite;

  /** Clicks the month arrows until the calendar shows `target` ('January 2027'). */
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

  const eventForm = (page: Page) => page.getByRole('form', { name: 'New event' });

  /** Adds an event through the form, by its labels; `time` null makes it all day. */
  async function addThroughForm(page: Page, event: { title: string; day: string; time: string | null; minutes?: string }) {
    const form = eventForm(page);
    await form.getByLabel('Title', { exact: true }).fill(event.title);
    await form.getByLabel('Date', { exact: true }).fill(event.day);
    await form.getByLabel('All day', { exact: true }).setChecked(event.time === null);
    if (event.time !== null) {
      await form.getByLabel('Time', { exact: true }).fill(event.time);
      await form.getByLabel('Duration (minutes)', { exact: true }).fill(event.minutes ?? '60');
    }
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => form.getByLabel('Title', { exact: true }).inputValue(), POLL).toBe('');
  }

  const eventIn = (page: Page, day: string, title: string) => page.locator(`[data-testid=day-${day}] [data-testid^=event-][data-title="${title}"]`);

  /** Exactly one cell is today, the one that is today in `zone` (either side of a midnight passing during the check). */
  async function expectToday(page: Page, zone: string) {
    const before = todayIn(zone);
    const current = page.locator('[data-testid=calendar] [aria-current=date]');
    await expect.poll(() => current.count(), POLL).toBe(1);
    const shown = await current.getAttribute('data-testid');
    expect([`day-${before}`, `day-${todayIn(zone)}`]).toContain(shown);
    expect(await current.getAttribute('class')).toContain('today');
  }

  it('New York types 21:00 and stores 21:00 New York; Tokyo sees 11:00 the next day; all-day events keep their dates', async () => {
    const newYork = await person('Nora', 'America/New_York');
    await newYork.page.fill('input[name=project-name]', 'Time zones');
    await newYork.page.click('text=Create project');
    await newYork.page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(newYork.page.url().split('#/p/')[1]!);
    const calendar = await call<{ name: string }>(newYork.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'calendar', title: 'Worldwide' });
    const calendarId = calendar.name.split(':')[2]!;
    const calendarUrl = `${suite.app.url}/#/d/${encodeURIComponent(calendar.name)}`;
    const tokyo = await person('Taro', 'Asia/Tokyo');
    await call(newYork.page, 'POST', `/api/projects/${projectId}/members`, { email: tokyo.email, role: 'editor' });
    const stored = async () => (await call<{ items: StoredEvent[] }>(newYork.page, 'GET', `/api/calendar/events?projectId=${projectId}&calendarId=${calendarId}`)).items;
    const storedEvent = async (title: string) => (await stored()).find((event) => event.title === title);

    for (const [who, zone] of [[newYork, 'America/New_York'], [tokyo, 'Asia/Tokyo']] as const) {
      await who.page.goto(calendarUrl);
      await who.page.getByTestId('calendar').waitFor();
      // Each browser sees its own zone, its own today and its own month.
      expect(await who.page.getByTestId('viewer-zone').textContent()).toContain(zone);
      expect(await eventForm(who.page).getByLabel('Time zone', { exact: true }).inputValue()).toBe(zone);
      await expectToday(who.page, zone);
      const [year, month] = todayIn(zone).split('-');
      expect(await who.page.getByTestId('calendar-title').textContent()).toBe(`${MONTHS[Number(month) - 1]} ${year}`);
    }

    // New York, in winter (UTC−5) and in summer (UTC−4).
    await goToMonth(newYork.page, 'January 2027');
    await addThroughForm(newYork.page, { title: 'Late show', day: '2027-01-14', time: '21:00', minutes: '30' });
    await eventIn(newYork.page, '2027-01-14', 'Late show').waitFor();
    expect(await eventIn(newYork.page, '2027-01-14', 'Late show').locator('.time').textContent()).toBe('21:00');
    // In its own zone, no second time.
    expect(await eventIn(newYork.page, '2027-01-14', 'Late show').locator('.zone-time').count()).toBe(0);
    await goToMonth(newYork.page, 'July 2027');
    await addThroughForm(newYork.page, { title: 'Summer show', day: '2027-07-14', time: '21:00' });
    await eventIn(newYork.page, '2027-07-14', 'Summer show').waitFor();

    await expect.poll(async () => (await stored()).length, POLL).toBe(2);
    const late = (await storedEvent('Late show'))!;
    expect(late).toMatchObject({ timeZone: 'America/New_York', allDay: false });
    expect(Date.parse(late.start)).toBe(Date.parse('2027-01-15T02:00:00Z'));
    expect(late.start).toBe('2027-01-14T21:00:00-05:00');
    expect(Date.parse(late.end) - Date.parse(late.start)).toBe(30 * 60_000);
    const summer = (await storedEvent('Summer show'))!;
    expect(summer).toMatchObject({ timeZone: 'America/New_York', allDay: false });
    expect(Date.parse(summer.start)).toBe(Date.parse('2027-07-15T01:00:00Z'));
    expect(Date.parse(summer.end) - Date.parse(summer.start)).toBe(60 * 60_000);

    // Tokyo (UTC+9, no daylight saving): the next day, 11:00 in winter and 10:00 in summer, with New York's time beside it.
    await goToMonth(tokyo.page, 'January 2027');
    const lateInTokyo = eventIn(tokyo.page, '2027-01-15', 'Late show');
    await lateInTokyo.waitFor({ timeout: 15_000 });
    expect(await lateInTokyo.locator('.time').textContent()).toBe('11:00');
    expect(await lateInTokyo.locator('.zone-time').textContent()).toContain('21:00 New York');
    expect(await lateInTokyo.getAttribute('title')).toContain('America/New_York');
    expect(await eventIn(tokyo.page, '2027-01-14', 'Late show').count()).toBe(0);

    // Tokyo adds an all-day event on its own date; both see it on that date.
    await addThroughForm(tokyo.page, { title: 'Launch day', day: '2027-01-22', time: null });
    await expect.poll(async () => (await stored()).length, POLL).toBe(3);
    const launch = (await storedEvent('Launch day'))!;
    expect(launch).toMatchObject({ timeZone: 'Asia/Tokyo', allDay: true });
    expect(Date.parse(launch.start)).toBe(Date.parse('2027-01-21T15:00:00Z'));
    expect(Date.parse(launch.end)).toBe(Date.parse('2027-01-22T15:00:00Z'));
    // And New York one in its zone, in the same month.
    await goToMonth(newYork.page, 'January 2027');
    await addThroughForm(newYork.page, { title: 'Holiday', day: '2027-01-18', time: null });
    await expect.poll(async () => (await stored()).length, POLL).toBe(4);
    expect(await storedEvent('Holiday')).toMatchObject({ timeZone: 'America/New_York', allDay: true, start: '2027-01-18T00:00:00-05:00', end: '2027-01-19T00:00:00-05:00' });

    for (const page of [newYork.page, tokyo.page]) {
      for (const [day, title] of [['2027-01-22', 'Launch day'], ['2027-01-18', 'Holiday']] as const) {
        await eventIn(page, day, title).waitFor({ timeout: 15_000 });
        expect(await eventIn(page, day, title).locator('.time').textContent()).toBe('all day');
        // Only on its date, not spilling into a neighbour in the other zone.
        expect(await page.locator(`[data-testid^=event-][data-title="${title}"]`).count()).toBe(1);
      }
    }
    await newYork.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-new-york.png'), fullPage: true });
    await tokyo.page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-tokyo.png'), fullPage: true });

    await goToMonth(tokyo.page, 'July 2027');
    const summerInTokyo = eventIn(tokyo.page, '2027-07-15', 'Summer show');
    await summerInTokyo.waitFor({ timeout: 15_000 });
    expect(await summerInTokyo.locator('.time').textContent()).toBe('10:00');

    // Back to this month: today is still highlighted for both.
    for (const [who, zone] of [[newYork, 'America/New_York'], [tokyo, 'Asia/Tokyo']] as const) {
      await who.page.getByTestId('calendar').getByRole('button', { name: 'Today', exact: true }).click();
      await expectToday(who.page, zone);
    }
  });
});
