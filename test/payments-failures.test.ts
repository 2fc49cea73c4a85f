import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { createPaymentServices } from '../operations/billing/payments/payment-services.js';
import { reconcilePayments } from '../operations/billing/payments/reconcile-payments.js';
import { parseConfig } from '../platform/config.js';
import { BACKENDS } from './helpers/databases.js';
import type { FakeStripe } from './helpers/fake-stripe.js';
import { silentLogger } from './helpers/logger.js';
import { type Method, paymentCalls, stripeHarness } from './helpers/payments.js';

describe.each(BACKENDS)('payments with Stripe (a local fake): %s', (kind) => {
  let stripe: FakeStripe;
  let env: Record<string, string>;
  const h = stripeHarness(kind, (fakes) => ({ stripe, env } = fakes));

  const { api, db, as, webhookUrl, openInvoice, invoice, count, pay, providerIdOf, addCard } = paymentCalls(h, () => stripe);

  // Paid with, removed or looked up below: the project's first card, and so its default. (Before the
  // split into files this was the card the first test added; payments-cards-invoices checks how it is added.)
  let okCard: Method;
  beforeAll(async () => {
    okCard = await addCard('ok');
  });

  it('free amounts: positive integers in a configured currency only; the key is required', async () => {
    const ok = await pay({ amountMinor: 1, currency: 'EUR', description: 'Top-up' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.data).toMatchObject({ status: 'succeeded', amountMinor: 1, currency: 'eur', invoiceId: null });
    const before = await count('SELECT 1 FROM payments');
    for (const body of [
      { amountMinor: -1, currency: 'eur' },
      { amountMinor: 0, currency: 'eur' },
      { amountMinor: 1.5, currency: 'eur' },
      { amountMinor: '10', currency: 'eur' },
      { amountMinor: 100, currency: 'xyz' },
      { amountMinor: 100, currency: 'eu' },
      { amountMinor: 100 },
      { amountMinor: 1e300, currency: 'eur' },
      { amountMinor: 100, currency: 'eur', description: 'x'.repeat(5_000) },
      { amountMinor: 100, currency: 'eur', description: 'a\u0000b' },
      { invoiceId: randomUUID(), amountMinor: 100, currency: 'eur' },
      {},
    ]) {
      const refused = await pay(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error?.code).toBe('VALIDATION_FAILED');
    }
    const noKey = await pay({ amountMinor: 100, currency: 'eur' }, null);
    expect(noKey.status).toBe(422);
    expect(await count('SELECT 1 FROM payments')).toBe(before);
  });

  it("another project's invoice is 404; editors and strangers cannot see or pay", async () => {
    const other = await api().signIn();
    const otherProject = (await api().call<{ id: string }>('POST', '/api/projects', { ...as(other), body: { name: 'Other' } })).body.data.id;
    const theirs = await openInvoice(otherProject, 900);
    const notHere = await pay({ invoiceId: theirs });
    expect(notHere.status).toBe(404);
    const notMember = await api().call('POST', '/api/payments/process', { ...as(), body: { projectId: otherProject, invoiceId: theirs }, headers: { 'idempotency-key': randomUUID() } });
    expect(notMember.status).toBe(404);
    expect(await invoice(theirs)).toMatchObject({ status: 'open', amount_paid_minor: '0' });

    const editor = await h.member('editor');
    const mine = await openInvoice(h.projectId, 900);
    expect((await pay({ invoiceId: mine }, randomUUID(), editor)).status).toBe(403);
    expect((await api().call('GET', `/api/payments/methods?projectId=${h.projectId}`, as(editor))).status).toBe(403);
    expect((await api().call('POST', '/api/payments/methods', { ...as(editor), body: { projectId: h.projectId } })).status).toBe(403);
    expect((await api().call('GET', `/api/billing/subscription?projectId=${h.projectId}`, as(editor))).status).toBe(403);
    expect((await api().call('DELETE', `/api/payments/methods/${okCard.id}?projectId=${h.projectId}`, as(editor))).status).toBe(403);
    expect(await count('SELECT 1 FROM payments WHERE invoice_id = $1', [mine])).toBe(0);

    // Another project's card is no card here; hostile ids and strings are refused with 4xx, never 500.
    const theirCard = await addCard('ok', otherProject, other);
    expect((await api().call('PUT', `/api/payments/methods/${theirCard.id}/default`, { ...as(), body: { projectId: h.projectId } })).status).toBe(404);
    expect((await api().call('DELETE', `/api/payments/methods/${theirCard.id}?projectId=${h.projectId}`, as())).status).toBe(404);
    expect((await pay({ invoiceId: mine, paymentMethodId: theirCard.id })).status).toBe(422);
    expect((await api().call('GET', `/api/payments/methods?projectId=${'x'.repeat(5_000)}`, as())).status).toBe(422);
    expect((await api().call('GET', '/api/payments/methods?projectId=not-an-id', as())).status).toBe(404);
    expect((await api().call('POST', '/api/payments/methods/confirm', { ...as(), body: { projectId: h.projectId, setupIntentId: 'seti_\u0000x' } })).status).toBe(422);
    expect((await api().call('POST', '/api/payments/methods/confirm', { ...as(), body: { projectId: h.projectId, setupIntentId: 'seti_doesnotexist' } })).status).toBe(404);
    expect((await api().call('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 42 } })).status).toBe(422);
    expect((await api().call('PUT', `/api/payments/methods/${'9'.repeat(5_000)}/default`, { ...as(), body: { projectId: h.projectId } })).status).toBe(422);
    expect((await pay({ invoiceId: 'not-a-uuid' })).status).toBe(404);
  });

  it('webhooks with a bad signature or an old timestamp: 400, and nothing changes', async () => {
    const invoiceId = await openInvoice(h.projectId, 400);
    const card = await addCard('3ds');
    const started = await pay({ invoiceId, paymentMethodId: card.id });
    const intentId = await providerIdOf(started.body.data.id);
    stripe.completeAction(intentId);
    const event = stripe.event('payment_intent.succeeded', intentId);
    const wrongSecret = await stripe.sendWebhook(webhookUrl(), event, { secret: 'whsec_not_the_right_one_at_all' });
    expect(wrongSecret.status).toBe(400);
    const old = await stripe.sendWebhook(webhookUrl(), event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(400);
    const unsigned = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);
    const garbage = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, body: '{not json' });
    expect(garbage.status).toBe(400);
    expect(await count('SELECT 1 FROM billing_events WHERE event_id = $1', [event.id])).toBe(0);
    expect((await invoice(invoiceId)).status).toBe('open');
    // Stripe unreachable while the event is handled: 502, not claimed, so Stripe's retry applies it.
    stripe.down = true;
    const unreachable = await stripe.sendWebhook(webhookUrl(), event).finally(() => (stripe.down = false));
    expect(unreachable.status).toBe(502);
    expect(await count('SELECT 1 FROM billing_events WHERE event_id = $1', [event.id])).toBe(0);
    expect((await stripe.sendWebhook(webhookUrl(), event)).status).toBe(200);
    expect((await invoice(invoiceId)).status).toBe('paid');
  });

  it('Stripe unreachable: 502 with a code, and no row written anywhere', async () => {
    const invoiceId = await openInvoice(h.projectId, 700);
    const before = await count('SELECT 1 FROM payments');
    const audits = await count('SELECT 1 FROM audit_log WHERE project_id = $1', [h.projectId]);
    const key = randomUUID();
    stripe.down = true;
    try {
      const failed = await pay({ invoiceId }, key);
      expect(failed.status).toBe(502);
      expect(failed.body.error?.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
      const setup = await api().call('POST', '/api/payments/methods', { ...as(), body: { projectId: h.projectId } });
      expect(setup.status).toBe(502);
      // A card is not forgotten here while Stripe could still charge it.
      const removal = await api().call('DELETE', `/api/payments/methods/${okCard.id}?projectId=${h.projectId}`, as());
      expect(removal.status).toBe(502);
    } finally {
      stripe.down = false;
    }
    expect(await count('SELECT 1 FROM payments')).toBe(before);
    expect(await count('SELECT 1 FROM audit_log WHERE project_id = $1', [h.projectId])).toBe(audits);
    expect(await invoice(invoiceId)).toMatchObject({ status: 'open', amount_paid_minor: '0', last_payment_error: null });
    // The retry with the same key, Stripe back: paid once.
    const retried = await pay({ invoiceId }, key);
    expect(retried.body.data.status).toBe('succeeded');
    expect(await count('SELECT 1 FROM payments WHERE invoice_id = $1', [invoiceId])).toBe(1);
  });

  it('a webhook that arrives before the request recorded its payment makes the row from the intent; the retry finds it', async () => {
    const invoiceId = await openInvoice(h.projectId, 2_500);
    const key = randomUUID();
    const customer = (await db().query<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_accounts WHERE project_id = $1', [h.projectId])).rows[0]!.stripe_customer_id;
    const pm = (await db().query<{ provider_method_id: string }>('SELECT provider_method_id FROM payment_methods WHERE id = $1', [okCard.id])).rows[0]!.provider_method_id;
    // What processPayment sends, answered by Stripe, but our side lost the answer (a crash before the commit).
    const direct = await fetch(`${stripe.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `payment:${h.projectId}:${key}` },
      body: `amount=2500&currency=eur&customer=${customer}&payment_method=${pm}&confirm=true&metadata[projectId]=${h.projectId}&metadata[invoiceId]=${invoiceId}&metadata[idempotencyKey]=${key}`,
    });
    const intent = (await direct.json()) as { id: string };
    expect((await stripe.sendWebhook(webhookUrl(), stripe.event('payment_intent.succeeded', intent.id))).status).toBe(200);
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_paid_minor: '2500' });
    const retried = await pay({ invoiceId }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.data).toMatchObject({ status: 'succeeded', invoiceId, amountMinor: 2500 });
    expect(await count('SELECT 1 FROM payments WHERE invoice_id = $1', [invoiceId])).toBe(1);
  });

  it('reconciliation lists a Stripe payment we never recorded, once; instance admins read it', async () => {
    // A payment made at Stripe for this customer that never reached us (as if our answer was lost and no webhook came).
    const customer = (await db().query<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_accounts WHERE project_id = $1', [h.projectId])).rows[0]!.stripe_customer_id;
    const pm = (await db().query<{ provider_method_id: string }>('SELECT provider_method_id FROM payment_methods WHERE id = $1', [okCard.id])).rows[0]!.provider_method_id;
    const direct = await fetch(`${stripe.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `amount=777&currency=eur&customer=${customer}&payment_method=${pm}&confirm=true`,
    });
    const orphan = (await direct.json()) as { id: string };
    const config = parseConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(40), ...env });
    const deps = { db: db(), logger: silentLogger, ...createPaymentServices(config) };
    const first = await reconcilePayments(deps);
    expect(first.mismatchesFound).toBe(1);
    expect((await reconcilePayments(deps)).mismatchesFound).toBe(0);

    const admin = await api().signIn();
    expect((await api().call('GET', '/api/admin/billing/mismatches', as(admin))).status).toBe(403);
    await grantInstanceAdmin(db(), admin.email, 'test');
    const listed = await api().call<{ kind: string; providerRef: string }[]>('GET', '/api/admin/billing/mismatches', as(admin));
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ kind: 'provider_payment_unrecorded', providerRef: orphan.id })]);
  });
});
