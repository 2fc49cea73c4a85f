import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../helpers/fake-stripe.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Billing in the browser, against the local Stripe fake: the owner's Billing page lists saved
 * cards (default, make default, remove), pays open invoices with the default card (paid; declined
 * with the reason; 3-D Secure asked for), changes and cancels the plan. An editor has no Billing
 * link and is refused the page. No publishable key is configured, so Stripe.js is never fetched
 * (the test machine cannot reach js.stripe.com): "Add card" says what is missing.
 *
 * Until the invoices API (`GET /api/invoices`, another branch) is merged, the test answers that
 * one request in the browser from the invoice rows it inserted with SQL, in that API's shape.
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
    // Service workers off: the invoices list is answered by the test (see above).
    const owner = await suite.person('Bea', { serviceWorkers: 'block' });
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
    const invoiceIds: string[] = [];
    for (const [n, total] of [
      [1, 12_000],
      [2, 4_550],
      [3, 999],
    ] as const) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO invoices (project_id, number, display_number, status, currency, subtotal_minor, total_minor, issued_at) VALUES ($1, $2, $3, 'open', 'eur', $4, $4, now()) RETURNING id`,
        [project.id, n, `INV-00000${n}`, total],
      );
      invoiceIds.push(rows[0]!.id);
    }
    await page.route('**/api/invoices?**', async (route) => {
      const { rows } = await db.query<{ id: string; display_number: string; status: string; currency: string; total_minor: string; amount_paid_minor: string; last_payment_error: string | null; issued_at: Date | null; paid_at: Date | null }>(
        'SELECT id, display_number, status, currency, total_minor::text, amount_paid_minor::text, last_payment_error, issued_at, paid_at FROM invoices WHERE project_id = $1 ORDER BY number',
        [project.id],
      );
      const data = rows.map((r) => ({ id: r.id, displayNumber: r.display_number, status: r.status, currency: r.currency, totalMinor: Number(r.total_minor), amountDueMinor: Number(r.total_minor) - Number(r.amount_paid_minor), lastPaymentError: r.last_payment_error, issuedAt: r.issued_at, dueAt: null, paidAt: r.paid_at }));
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data, meta: { total: data.length, page: 1, limit: 50 } }) });
    });
    const statusOf = async (id: string) => (await db.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [id])).rows[0]!.status;

    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}`);
    await page.getByTestId('billing-link').click();
    await page.getByRole('heading', { name: 'Billing' }).waitFor();
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
