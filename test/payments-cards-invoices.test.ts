import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/databases.js';
import type { FakeSmtp } from './helpers/fake-smtp.js';
import type { FakeStripe } from './helpers/fake-stripe.js';
import { type Method, paymentCalls, stripeHarness } from './helpers/payments.js';

describe.each(BACKENDS)('payments with Stripe (a local fake): %s', (kind) => {
  let stripe: FakeStripe;
  let smtp: FakeSmtp;
  const h = stripeHarness(kind, (fakes) => ({ stripe, smtp } = fakes));

  const { api, db, as, webhookUrl, openInvoice, invoice, count, pay, providerIdOf, addCard } = paymentCalls(h, () => stripe);

  let okCard: Method;

  it('adds a card through a SetupIntent: stores only what Stripe says (brand, last 4, expiry), the first card is the default', async () => {
    const setup = await api().call<{ setupIntentId: string; clientSecret: string; publishableKey: string }>('POST', '/api/payments/methods', { ...as(), body: { projectId: h.projectId } });
    expect(setup.status).toBe(201);
    expect(setup.body.data).toMatchObject({ setupIntentId: expect.stringMatching(/^seti_/), clientSecret: expect.stringContaining('_secret_'), publishableKey: 'pk_test_publishable' });
    // Confirming before the browser finished: nothing to store.
    const early = await api().call('POST', '/api/payments/methods/confirm', { ...as(), body: { projectId: h.projectId, setupIntentId: setup.body.data.setupIntentId } });
    expect(early.status).toBe(409);
    // Card fields sent by a client are refused, never stored.
    const forged = await api().call('POST', '/api/payments/methods/confirm', { ...as(), body: { projectId: h.projectId, setupIntentId: setup.body.data.setupIntentId, last4: '9999', brand: 'amex' } });
    expect(forged.status).toBe(422);

    stripe.confirmSetup(setup.body.data.setupIntentId, stripe.card('ok', { last4: '4242', expMonth: 7, expYear: 2031 }));
    const confirmed = await api().call<Method>('POST', '/api/payments/methods/confirm', { ...as(), body: { projectId: h.projectId, setupIntentId: setup.body.data.setupIntentId } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    expect(confirmed.body.data).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 7, expYear: 2031, isDefault: true });
    okCard = confirmed.body.data;

    // The webhook for the same setup stores nothing twice.
    const again = await stripe.sendWebhook(webhookUrl(), stripe.event('setup_intent.succeeded', setup.body.data.setupIntentId));
    expect(again.status).toBe(200);
    const listed = await api().call<Method[]>('GET', `/api/payments/methods?projectId=${h.projectId}`, as());
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([okCard]);
    expect(listed.body.meta).toEqual({ publishableKey: 'pk_test_publishable' });
    expect(await count(`SELECT 1 FROM audit_log WHERE project_id = $1 AND action = 'billing.payment_method_added'`, [h.projectId])).toBe(1);
  });

  it('stores a card from the setup_intent.succeeded webhook alone (the browser never called confirm)', async () => {
    const setup = await api().call<{ setupIntentId: string }>('POST', '/api/payments/methods', { ...as(), body: { projectId: h.projectId } });
    const pm = stripe.card('ok', { brand: 'mastercard', last4: '4444' });
    stripe.confirmSetup(setup.body.data.setupIntentId, pm);
    const delivered = await stripe.sendWebhook(webhookUrl(), stripe.event('setup_intent.succeeded', setup.body.data.setupIntentId));
    expect(delivered.status).toBe(200);
    const listed = await api().call<Method[]>('GET', `/api/payments/methods?projectId=${h.projectId}`, as());
    const added = listed.body.data.find((m) => m.last4 === '4444');
    expect(added).toMatchObject({ brand: 'mastercard', isDefault: false });
    // Make it the default and back; then remove it (detached at Stripe too).
    const made = await api().call<Method[]>('PUT', `/api/payments/methods/${added!.id}/default`, { ...as(), body: { projectId: h.projectId } });
    expect(made.status).toBe(200);
    expect(made.body.data.filter((m) => m.isDefault).map((m) => m.id)).toEqual([added!.id]);
    const removed = await api().call('DELETE', `/api/payments/methods/${added!.id}?projectId=${h.projectId}`, as());
    expect(removed.status).toBe(200);
    expect(stripe.object(pm)!.customer).toBeNull();
    const after = await api().call<Method[]>('GET', `/api/payments/methods?projectId=${h.projectId}`, as());
    // The remaining card is the default again.
    expect(after.body.data).toEqual([{ ...okCard, isDefault: true }]);
  });

  it('pays an invoice end to end: succeeded, the invoice paid, one receipt; the webhook and its replays change nothing more', async () => {
    const invoiceId = await openInvoice();
    const key = randomUUID();
    const paid = await pay({ invoiceId }, key);
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.data).toMatchObject({ status: 'succeeded', invoiceId, amountMinor: 12_000, currency: 'eur', failureReason: null });
    expect(paid.body.data.clientSecret).toBeUndefined();
    // The caller's key reached Stripe (scoped to the project).
    expect(stripe.requests.some((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === `payment:${h.projectId}:${key}`)).toBe(true);
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_paid_minor: '12000', last_payment_error: null });
    expect((await invoice(invoiceId)).paid_at).not.toBeNull();

    const intentId = await providerIdOf(paid.body.data.id);
    const event = stripe.event('payment_intent.succeeded', intentId);
    const first = await stripe.sendWebhook(webhookUrl(), event);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { outcome: string } }).data.outcome).toBe('applied');
    const replay = await stripe.sendWebhook(webhookUrl(), event);
    expect(((await replay.json()) as { data: { outcome: string } }).data.outcome).toBe('duplicate');
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_paid_minor: '12000' });

    await expect.poll(() => smtp.to(h.owner.email).length, { timeout: 15_000 }).toBe(1);
    const receipt = smtp.to(h.owner.email)[0]!;
    expect(receipt.subject).toContain('120.00 EUR');
    expect(receipt.text).toContain(paid.body.data.id);
    // A retry with the same key: the same payment, no second charge, no second receipt.
    const retried = await pay({ invoiceId }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.data.id).toBe(paid.body.data.id);
    expect(await count('SELECT 1 FROM payments WHERE invoice_id = $1', [invoiceId])).toBe(1);
    expect(stripe.requests.filter((r) => r.path === '/v1/payment_intents').length).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(h.owner.email)).toHaveLength(1);
    // A paid invoice is not paid again.
    const twice = await pay({ invoiceId });
    expect(twice.status).toBe(409);
    expect(twice.body.error?.code).toBe('INVOICE_NOT_PAYABLE');
  });

  it('surfaces 3-D Secure (requires_action); webhooks arriving reordered and twice settle the invoice once', async () => {
    const card = await addCard('3ds');
    const invoiceId = await openInvoice(h.projectId, 5_000);
    const started = await pay({ invoiceId, paymentMethodId: card.id });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.data).toMatchObject({ status: 'requires_action', clientSecret: expect.stringContaining('_secret_'), nextAction: { type: 'use_stripe_sdk' } });
    expect((await invoice(invoiceId)).status).toBe('open');
    // While the bank asks, a second payment (another key, another card) would pay the invoice twice: refused.
    const other = await addCard('ok');
    const second = await pay({ invoiceId, paymentMethodId: other.id });
    expect(second.status, JSON.stringify(second.body)).toBe(409);
    expect(second.body.error?.code).toBe('PAYMENT_IN_PROGRESS');
    const intentId = await providerIdOf(started.body.data.id);
    const stale = stripe.event('payment_intent.requires_action', intentId);

    stripe.completeAction(intentId);
    const succeeded = stripe.event('payment_intent.succeeded', intentId);
    // Out of order: the success first, then the older requires_action event, then the success again.
    for (const event of [succeeded, stale, succeeded]) expect((await stripe.sendWebhook(webhookUrl(), event)).status).toBe(200);
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_paid_minor: '5000' });
    const status = async () => (await db().query<{ status: string; receipt_sent_at: Date | null }>('SELECT status, receipt_sent_at FROM payments WHERE id = $1', [started.body.data.id])).rows[0]!;
    expect((await status()).status).toBe('succeeded');
    // The receipt is a job asked for in the webhook's transaction: sent once, soon after.
    await expect.poll(async () => (await status()).receipt_sent_at !== null, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => smtp.to(h.owner.email).length, { timeout: 15_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(h.owner.email)).toHaveLength(2);
    expect(await count('SELECT 1 FROM billing_events WHERE event_id IN ($1, $2)', [succeeded.id, stale.id])).toBe(2);
  });

  it('a declined card: the payment fails with the reason, the invoice stays open and says why', async () => {
    const card = await addCard('decline');
    const invoiceId = await openInvoice(h.projectId, 3_000);
    const declined = await pay({ invoiceId, paymentMethodId: card.id });
    expect(declined.status, JSON.stringify(declined.body)).toBe(201);
    expect(declined.body.data).toMatchObject({ status: 'failed', failureReason: 'Your card was declined.' });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'open', amount_paid_minor: '0', last_payment_error: 'Your card was declined.' });
    // Paying it afterwards with a good card clears the error.
    const paid = await pay({ invoiceId, paymentMethodId: okCard.id });
    expect(paid.body.data.status).toBe('succeeded');
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', last_payment_error: null });
  });
});
