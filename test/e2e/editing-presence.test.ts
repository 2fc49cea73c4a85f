import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import * as decoding from 'lib0/decoding';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ServerAddressAliases } from '../../documents/wire/address-aliases.js';
import { connectProvider } from '../helpers/provider.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Who is editing which card, seen live by another member: Dana opens a card and Carol sees her
 * name on it; it goes when Dana closes the card, clicks away from it or closes her tab. A viewer
 * shows as viewing; calendar events and pipeline items show it too. Typing sends no awareness update per keystroke. A member's crafted presence
 * (an `editing` that is an object, a huge string, a bad mode) is ignored without breaking the page.
 */
if (!hasChromium) {
  console.warn(`\n!!! SKIPPING the editing presence browser tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

const POLL = { timeout: 15_000, interval: 50 };
/** The Hocuspocus message type of an awareness update. */
const AWARENESS = 1;

/** Counts the awareness updates a page sends for one document, from its WebSocket frames. */
function countAwarenessSent(page: Page, documentName: string): { count: () => number } {
  let count = 0;
  page.on('websocket', (socket) => {
    // The page names documents by alias on the wire; read its frames as the server does.
    const aliases = new ServerAddressAliases();
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') return;
      const named = aliases.inbound(new Uint8Array(payload));
      if (!named.ok) return;
      const decoder = decoding.createDecoder(named.frame);
      if (decoding.readVarString(decoder).split('\0')[0] === documentName && decoding.readVarUint(decoder) === AWARENESS) count++;
    });
  });
  return { count: () => count };
}

describe.skipIf(!hasChromium)('who is editing which card, in Chromium', () => {
  const suite = browserSuite();
  const { call, pageErrors } = suite;

  const card = (page: Page, title: string) => page.locator(`[data-testid^=card-][data-title="${title}"]`);
  const markers = (page: Page, title: string) => card(page, title).getByTestId('editing-person');
  const who = (page: Page, title: string) => markers(page, title).evaluateAll((people) => people.map((person) => `${person.getAttribute('aria-label')}:${person.getAttribute('data-mode')}`));

  it('shows Dana on the card she has open, until she closes it, clicks away or closes her tab; junk presence is ignored', async () => {
    const dana = await suite.person('Dana');
    await dana.page.fill('input[name=project-name]', 'Presence');
    await dana.page.click('text=Create project');
    await dana.page.waitForURL(/#\/p\//);
    const projectId = decodeURIComponent(dana.page.url().split('#/p/')[1]!);
    const board = await call<{ name: string }>(dana.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'kanban', title: 'Launch board' });
    const boardUrl = `${suite.app.url}/#/d/${encodeURIComponent(board.name)}`;
    const [carol, vera, mallory] = [await suite.person('Carol'), await suite.person('Vera'), await suite.person('Mallory')];
    for (const [person, role] of [[carol, 'editor'], [vera, 'viewer'], [mallory, 'editor']] as const) {
      await call(dana.page, 'POST', `/api/projects/${projectId}/members`, { email: person.email, role });
    }

    const danaSent = countAwarenessSent(dana.page, board.name);
    await dana.page.goto(boardUrl);
    for (const title of ['Script', 'Shoot']) {
      await dana.page.fill('[data-testid=column-todo] input[name=new-card]', title);
      await dana.page.press('[data-testid=column-todo] input[name=new-card]', 'Enter');
    }
    await carol.page.goto(boardUrl);
    await card(carol.page, 'Shoot').waitFor();
    await carol.page.getByTestId('peer').filter({ hasText: 'Dana' }).waitFor();
    expect(await markers(carol.page, 'Script').count()).toBe(0);

    // Dana opens Script: Carol sees her name on it (and only on it), with an outline in her colour.
    await card(dana.page, 'Script').locator('.card-title').click();
    await expect.poll(() => who(carol.page, 'Script'), POLL).toEqual(['Dana is editing:edit']);
    expect(await markers(carol.page, 'Script').first().textContent()).toContain('Dana');
    expect(await card(carol.page, 'Script').getAttribute('class')).toContain('being-edited');
    expect(await markers(carol.page, 'Shoot').count()).toBe(0);
    expect(await markers(dana.page, 'Script').count()).toBe(0);

    // Typing in the card sends no awareness update per keystroke (at most a periodic renewal).
    const before = danaSent.count();
    // The counter sees her frames: opening the card was one.
    expect(before).toBeGreaterThan(0);
    await card(dana.page, 'Script').locator('[name=card-description]').pressSequentially('Twenty-four keystrokes!!', { delay: 10 });
    await dana.page.waitForTimeout(500);
    expect(danaSent.count() - before).toBeLessThanOrEqual(1);
    expect(await who(carol.page, 'Script')).toEqual(['Dana is editing:edit']);

    // A viewer with the card open shows as viewing, after the person editing.
    await vera.page.goto(boardUrl);
    await vera.page.getByTestId('readonly').waitFor();
    await card(vera.page, 'Script').locator('.card-title').click();
    await expect.poll(() => who(carol.page, 'Script'), POLL).toEqual(['Dana is editing:edit', 'Vera is viewing:view']);
    await carol.page.screenshot({ path: path.join(SCREENSHOTS, 'editing-presence-1400.png'), fullPage: true });
    const axe = await new AxeBuilder({ page: carol.page }).include('[data-testid=board]').analyze();
    expect(axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    await card(vera.page, 'Script').locator('.card-title').click();
    await expect.poll(() => who(carol.page, 'Script'), POLL).toEqual(['Dana is editing:edit']);

    // Clicking away from the card (its editor still open) clears it; coming back into it sets it again.
    await dana.page.getByTestId('document-title').click();
    await expect.poll(() => markers(carol.page, 'Script').count(), POLL).toBe(0);
    expect(await card(carol.page, 'Script').getAttribute('class')).not.toContain('being-edited');
    await card(dana.page, 'Script').locator('[name=card-description]').click();
    await expect.poll(() => who(carol.page, 'Script'), POLL).toEqual(['Dana is editing:edit']);

    // Closing the card clears it; opening another card moves it there.
    await card(dana.page, 'Script').locator('.card-title').click();
    await expect.poll(() => markers(carol.page, 'Script').count(), POLL).toBe(0);
    await card(dana.page, 'Shoot').locator('.card-title').click();
    await expect.poll(() => who(carol.page, 'Shoot'), POLL).toEqual(['Dana is editing:edit']);

    // A member's own client sends junk in `editing` (the server stamps only `user`): Carol's page ignores it.
    const { accessToken } = await call<{ accessToken: string }>(mallory.page, 'POST', '/auth/refresh', {});
    const raw = connectProvider(suite.app.wsUrl, board.name, accessToken);
    // A second client of Mallory's sees what the server relays, so each value is known to have gone out to Carol too.
    const watcher = connectProvider(suite.app.wsUrl, board.name, accessToken);
    const relayed = () => watcher.provider.awareness!.getStates().get(raw.doc.clientID)?.editing as unknown;
    try {
      await Promise.all([raw.synced, watcher.synced]);
      // A Node provider says nothing until its state changes.
      raw.provider.setAwarenessField('editing', null);
      await carol.page.getByTestId('peer').filter({ hasText: 'Mallory' }).waitFor();
      const scriptId = (await card(carol.page, 'Script').getAttribute('data-testid'))!.slice('card-'.length);
      const nested: Record<string, unknown> = { id: scriptId };
      let deepest = nested;
      for (let level = 0; level < 10; level++) deepest = (deepest.next = { id: scriptId }) as Record<string, unknown>;
      // Long, but under the server's 4,096-character bound for a presence state (past it the socket closes: collab-hostile).
      const junk: unknown[] = [{ id: nested, mode: 'edit' }, 'x'.repeat(3_000), { id: 'y'.repeat(3_000), mode: 'edit' }, { id: scriptId, mode: 'owner' }, { id: '<img src=x onerror=alert(1)>', mode: 'edit' }, [scriptId], 42, { id: scriptId }];
      for (const value of junk) {
        raw.provider.setAwarenessField('editing', value);
        await expect.poll(relayed, POLL).toEqual(value);
      }
      // The same client then sends a real mark: it arrives, so everything before it was read and ignored.
      raw.provider.setAwarenessField('editing', { id: scriptId, mode: 'edit' });
      await expect.poll(() => who(carol.page, 'Script'), POLL).toEqual(['Mallory is editing:edit']);
      raw.provider.setAwarenessField('editing', { id: { toString: null }, mode: 'edit' });
      await expect.poll(() => markers(carol.page, 'Script').count(), POLL).toBe(0);
      expect(await who(carol.page, 'Shoot')).toEqual(['Dana is editing:edit']);
      await card(carol.page, 'Script').locator('.card-title').click();
      await card(carol.page, 'Script').getByTestId(`editor-${scriptId}`).waitFor();
      expect(await carol.page.getByTestId('board').isVisible()).toBe(true);
    } finally {
      raw.destroy();
      watcher.destroy();
    }

    // The calendar too, in second tabs: Dana's event dialog shows on the event in Carol's calendar until she closes it.
    const calendar = await call<{ name: string }>(dana.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'calendar', title: 'Launch calendar' });
    const noon = `${new Date().toISOString().slice(0, 10)}T12:00:00Z`;
    const oneOClock = `${noon.slice(0, 10)}T13:00:00Z`;
    await call(dana.page, 'POST', '/api/calendar/events', { projectId, calendarId: calendar.name.split(':')[2], title: 'Teaser', start: noon, end: oneOClock, channel: 'youtube' });
    const [danaCalendar, carolCalendar] = [await dana.context.newPage(), await carol.context.newPage()];
    for (const [name, page] of [['Dana', danaCalendar], ['Carol', carolCalendar]] as const) {
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(calendar.name)}`);
    }
    const teaser = (page: Page) => page.locator('[data-testid^=event-][data-title="Teaser"]');
    await teaser(carolCalendar).waitFor();
    await teaser(danaCalendar).locator('.event-open').click();
    await danaCalendar.getByTestId('event-editor').waitFor();
    await expect.poll(() => teaser(carolCalendar).getByTestId('editing-person').getAttribute('aria-label'), POLL).toBe('Dana is editing');
    await carolCalendar.screenshot({ path: path.join(SCREENSHOTS, 'editing-presence-calendar-1400.png'), fullPage: true });
    await danaCalendar.keyboard.press('Escape');
    await expect.poll(() => teaser(carolCalendar).getByTestId('editing-person').count(), POLL).toBe(0);
    await danaCalendar.close();
    await carolCalendar.close();

    // And the pipeline: Dana's open item shows on it in Carol's pipeline until she closes it.
    const pipeline = await call<{ name: string }>(dana.page, 'POST', `/api/projects/${projectId}/documents`, { kind: 'pipeline', title: 'Launch videos' });
    const [danaPipeline, carolPipeline] = [await dana.context.newPage(), await carol.context.newPage()];
    for (const [name, page] of [['Dana', danaPipeline], ['Carol', carolPipeline]] as const) {
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(pipeline.name)}`);
    }
    await danaPipeline.fill('input[name=item-title]', 'Winter teaser');
    await danaPipeline.press('input[name=item-title]', 'Enter');
    const item = (page: Page) => page.locator('[data-testid^=item-][data-title="Winter teaser"]');
    await item(carolPipeline).waitFor();
    await item(danaPipeline).locator('.card-title').click();
    await expect.poll(() => item(carolPipeline).getByTestId('editing-person').getAttribute('aria-label'), POLL).toBe('Dana is editing');
    await item(danaPipeline).locator('.card-title').click();
    await expect.poll(() => item(carolPipeline).getByTestId('editing-person').count(), POLL).toBe(0);
    await danaPipeline.close();
    await carolPipeline.close();

    // Dana closes her tab: the marker goes.
    await dana.page.close();
    await expect.poll(() => markers(carol.page, 'Shoot').count(), POLL).toBe(0);
    await expect.poll(() => carol.page.getByTestId('peer').filter({ hasText: 'Dana' }).count(), POLL).toBe(0);

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
