import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../helpers/fake-stripe.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Billing in the browser, against the local Stripe fake: the owner issues an invoice with the
 * form, the Billing page lists saved
 * cards (default, make default, remove), pays open invoices with the default card (paid; declined
 * with the reason; 3-D Secure asked for), changes and cancels the plan. An editor has no Billing
 * link and is refused the page. No publishable key is configured, so Stripe.js is never fetched
 * (the test machine cannot reach js.stripe.com): "Add card" says what is missing.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the billing browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const POLL = { timeout: 15_000, interval: 100 };

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe.skipIf(!hasChromium)('billing in Chromium', () => {
  let stripe: FakeStripe;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    stripe = await startFakeStripe();
    Object.assign(env, { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, STRIPE_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    await stripe?.close();
  });
  const suite = browserSuite(env);
  const { call, pageErrors } = suite;

  it('pays invoices with the default card, shows declines and 3-D Secure, changes the plan; editors see none of it', { timeout: 180_000 }, async () => {
    const owner = await suite.person('Bea');
    const { page } = owner;
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Billing studio' });
    const db = suite.app.db;

    async function addCard(kind: 'ok' | 'decline' | '3ds', last4: string) {
      const setup = await call<{ setupIntentId: string }>(page, 'POST', '/api/payments/methods', { projectId: project.id });
      stripe.confirmSetup(setup.setupIntentId, stripe.card(kind, { last4 }));
      await call(page, 'POST', '/api/payments/methods/confirm', { projectId: project.id, setupIntentId: setup.setupIntentId });
    }
    await addCard('ok', '4242');
    await addCard('decline', '0002');
    await addCard('3ds', '3155');
    // Invoices 2 and 3 through the API; number 1 is made on the page, through the form.
    const issue = async (total: number) => (await call<{ id: string }>(page, 'POST', '/api/invoices', { projectId: project.id, finalize: true, lines: [{ description: `Work worth ${total}`, quantity: 1, unitAmountMinor: total }] })).id;
    const statusOf = async (id: string) => (await db.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [id])).rows[0]!.status;

    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}`);
    await page.getByTestId('billing-link').click();
    await page.getByRole('heading', { name: 'Billing' }).waitFor();
    const form = page.getByTestId('new-invoice');
    await form.getByLabel('Line 1 description').fill('Spring campaign');
    await form.getByLabel('Line 1 quantity').fill('1');
    await form.getByLabel('Line 1 unit price').fill('120.00');
    await form.getByRole('button', { name: 'Issue invoice' }).click();
    await expect.poll(() => page.getByTestId('invoice-row').count(), POLL).toBe(1);
    const first = await call<{ id: string }[]>(page, 'GET', `/api/invoices?projectId=${project.id}`);
    const invoiceIds = [first[0]!.id, await issue(4_550), await issue(999)];
    await page.reload();
    await expect.poll(() => page.getByTestId('payment-method').count(), POLL).toBe(3);
    const methodRow = (last4: string) => page.getByTestId('payment-method').filter({ hasText: `ending ${last4}` });
    expect(await methodRow('4242').textContent()).toContain('Default');
    expect(await page.getByTestId('current-plan').textContent()).toContain('free');
    await expect.poll(() => page.getByTestId('invoice-row').count(), POLL).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'billing-1400.png') });
    expect(await violations(page)).toEqual([]);

    // Paid with the default card.
    const invoiceRow = (n: number) => page.getByTestId('invoice-row').filter({ hasText: `INV-00000${n}` });
    await invoiceRow(1).getByRole('button', { name: 'Pay INV-000001' }).click();
    await expect.poll(async () => (await invoiceRow(1).getByTestId('payment-outcome').textContent()) ?? '', POLL).toContain('Paid');
    expect(await statusOf(invoiceIds[0]!)).toBe('paid');
    await expect.poll(async () => invoiceRow(1).getByTestId('invoice-status').textContent(), POLL).toBe('paid');
    expect(await invoiceRow(1).getByRole('link', { name: 'PDF' }).getAttribute('href')).toBe(`/api/invoices/${invoiceIds[0]}/pdf`);

    // The declining card made the default: the decline reason shows, the invoice stays open.
    await methodRow('0002').getByRole('button', { name: 'Make default' }).click();
    await expect.poll(async () => (await methodRow('0002').textContent()) ?? '', POLL).toContain('Default');
    await invoiceRow(2).getByRole('button', { name: 'Pay INV-000002' }).click();
    await expect.poll(async () => (await invoiceRow(2).getByTestId('payment-outcome').textContent()) ?? '', POLL).toContain('Your card was declined.');
    expect(await statusOf(invoiceIds[1]!)).toBe('open');

    // A card that needs 3-D Secure: the page says the bank asks for confirmation.
    await methodRow('3155').getByRole('button', { name: 'Make default' }).click();
    await expect.poll(async () => (await methodRow('3155').textContent()) ?? '', POLL).toContain('Default');
    await invoiceRow(3).getByRole('button', { name: 'Pay INV-000003' }).click();
    await expect.poll(async () => (await invoiceRow(3).getByTestId('payment-outcome').textContent()) ?? '', POLL).toContain('3-D Secure');
    expect(await statusOf(invoiceIds[2]!)).toBe('open');

    // Removing the declining card (detached at Stripe).
    await methodRow('0002').getByRole('button', { name: /^Remove/ }).click();
    await expect.poll(() => page.getByTestId('payment-method').count(), POLL).toBe(2);

    // The plan: to team, then cancelled at the end of the period.
    await page.getByRole('button', { name: 'Switch to team' }).click();
    await expect.poll(async () => (await page.getByTestId('current-plan').textContent()) ?? '', POLL).toContain('team');
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await expect.poll(async () => (await page.getByTestId('current-plan').textContent()) ?? '', POLL).toContain('ends');

    // Without a publishable key, adding a card says what is missing instead of loading Stripe.js.
    await page.getByTestId('add-card-button').click();
    await expect.poll(async () => (await page.getByTestId('add-card').textContent()) ?? '', POLL).toContain('STRIPE_PUBLISHABLE_KEY');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'billing-after-1400.png') });

    // An editor: no Billing link, and the page itself is refused.
    const editor = await suite.person('Eddie');
    await call(page, 'POST', `/api/projects/${project.id}/members`, { email: editor.email, role: 'editor' });
    await editor.page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}`);
    await editor.page.getByTestId('project-name').waitFor();
    expect(await editor.page.getByTestId('billing-link').count()).toBe(0);
    await editor.page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}/billing`);
    await editor.page.getByRole('alert').first().waitFor();
    expect(await editor.page.getByTestId('payment-method').count()).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});
