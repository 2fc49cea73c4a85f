import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { reconcilePayments } from '../operations/billing/payments/reconcile-payments.js';
import { createPaymentServices } from '../operations/billing/payments/payment-services.js';
import { parseConfig } from '../platform/config.js';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeSmtp, startFakeSmtp } from './helpers/fake-smtp.js';
import { type FakeStripe, startFakeStripe } from './helpers/fake-stripe.js';
import { silentLogger } from './helpers/logger.js';

interface Method {
  id: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
}
interface Payment {
  id: string;
  status: string;
  clientSecret?: string;
  nextAction?: Record<string, unknown>;
  failureReason: string | null;
  invoiceId: string | null;
  amountMinor: number;
  currency: string;
}
interface InvoiceRow {
  status: string;
  amount_paid_minor: string;
  last_payment_error: string | null;
  paid_at: Date | null;
}

/** Plans small enough to reach in a test: team has 3 seats and 1000 bytes of files. */
const PLANS = JSON.stringify({ free: { seats: 50 }, team: { priceId: 'price_team', seats: 3, storageBytes: 1000 }, studio: { priceId: 'price_studio', seats: 10, storageBytes: 1_000_000 } });

describe.each(BACKENDS)('payments with Stripe (a local fake): %s', (kind) => {
  let stripe: FakeStripe;
  let smtp: FakeSmtp;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    stripe = await startFakeStripe();
    smtp = await startFakeSmtp();
    Object.assign(env, {
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_PUBLISHABLE_KEY: 'pk_test_publishable',
      STRIPE_API_URL: stripe.url,
      STRIPE_TIMEOUT_MS: '2000',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Billing <billing@example.com>',
      BILLING_PLANS: PLANS,
    });
  });
  const h = harness(kind, env);
  afterAll(async () => {
    await stripe?.close();
    await smtp?.close();
  });

  const api = () => h.api;
  const db = () => h.app.db;
  const as = (person: SignedIn = h.owner) => ({ token: person.accessToken });
  const webhookUrl = () => `${h.app.url}/api/payments/webhook`;

  async function openInvoice(projectId = h.projectId, totalMinor = 12_000): Promise<string> {
    const { rows } = await db().query<{ id: string }>(
      `INSERT INTO invoices (project_id, number, display_number, status, currency, subtotal_minor, total_minor, issued_at)
       VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM invoices WHERE project_id = $1), 'INV-' || substr(md5(random()::text), 1, 6), 'open', 'eur', $2, $2, now()) RETURNING id`,
      [projectId, totalMinor],
    );
    return rows[0]!.id;
  }
  const invoice = async (id: string) => (await db().query<InvoiceRow>('SELECT status, amount_paid_minor::text, last_payment_error, paid_at FROM invoices WHERE id = $1', [id])).rows[0]!;
  const count = async (sql: string, values: unknown[] = []) => Number((await db().query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) x`, values)).rows[0]!.n);
  const pay = (body: Record<string, unknown>, key: string | null = randomUUID(), person: SignedIn = h.owner) =>
    api().call<Payment>('POST', '/api/payments/process', { ...as(person), body: { projectId: h.projectId, ...body }, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const providerIdOf = async (paymentId: string) => (await db().query<{ provider_payment_id: string }>('SELECT provider_payment_id FROM payments WHERE id = $1', [paymentId])).rows[0]!.provider_payment_id;

  /** Adds a card the way the browser does: a SetupIntent here, confirmSetup at Stripe, then confirm here. */
  async function addCard(card: 'ok' | 'decline' | '3ds', projectId = h.projectId, person: SignedIn = h.owner): Promise<Method> {
    const setup = await api().call<{ setupIntentId: string; clientSecret: string; publishableKey: string }>('POST', '/api/payments/methods', { ...as(person), body: { projectId } });
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    stripe.confirmSetup(setup.body.data.setupIntentId, stripe.card(card));
    const confirmed = await api().call<Method>('POST', '/api/payments/methods/confirm', { ...as(person), body: { projectId, setupIntentId: setup.body.data.setupIntentId } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    return confirmed.body.data;
  }

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

  it('plans: subscribe, limits enforced (seats, storage), change, cancel at period end, ended by Stripe', async () => {
    const none = await api().call<{ plan: string; limits: { seats: number | null } }>('GET', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(none.body.data).toMatchObject({ plan: 'free', limits: { seats: null } });
    const unknown = await api().call('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'platinum' } });
    expect(unknown.status).toBe(422);

    // A double click (four, in fact, at once): one subscription at Stripe, and every answer 200.
    const [team, twin, ...others] = await Promise.all(
      [1, 2, 3, 4].map(() => api().call<{ plan: string; status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string; limits: { seats: number; storageBytes: number } }>('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'team' } })),
    );
    expect(team!.status, JSON.stringify(team!.body)).toBe(200);
    expect(twin!.status, JSON.stringify(twin!.body)).toBe(200);
    for (const other of others) expect(other.status, JSON.stringify(other.body)).toBe(200);
    const customer = (await db().query<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_accounts WHERE project_id = $1', [h.projectId])).rows[0]!.stripe_customer_id;
    expect(stripe.objectsOf('subscription').filter((sub) => sub.customer === customer)).toHaveLength(1);
    expect(team!.body.data).toMatchObject({ plan: 'team', status: 'active', cancelAtPeriodEnd: false, limits: { seats: 3, storageBytes: 1000 } });
    expect(Date.parse(team!.body.data.currentPeriodEnd)).toBeGreaterThan(Date.now());

    // Owner and the editor added earlier: one seat left of three.
    const third = await api().signIn();
    expect((await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: third.email, role: 'viewer' } })).status).toBe(201);
    const fourth = await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: `late-${randomUUID()}@example.com`, role: 'viewer' } });
    expect(fourth.status).toBe(402);
    expect(fourth.body.error?.code).toBe('PLAN_SEAT_LIMIT');
    const upload = await api().call('POST', `/api/projects/${h.projectId}/uploads`, { ...as(), body: { name: 'big.png', type: 'image/png', size: 2000 } });
    expect(upload.status).toBe(413);
    expect(upload.body.error?.code).toBe('ASSET_QUOTA_EXCEEDED');

    const studio = await api().call<{ plan: string; limits: { seats: number } }>('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'studio' } });
    expect(studio.body.data).toMatchObject({ plan: 'studio', limits: { seats: 10 } });
    const subId = (await db().query<{ provider_subscription_id: string }>('SELECT provider_subscription_id FROM subscriptions WHERE project_id = $1', [h.projectId])).rows[0]!.provider_subscription_id;
    expect((stripe.object(subId)!.items as { data: { price: { id: string } }[] }).data[0]!.price.id).toBe('price_studio');
    expect((await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: `later-${randomUUID()}@example.com`, role: 'viewer' } })).status).toBe(201);

    const stale = stripe.event('customer.subscription.updated', subId);
    const cancelled = await api().call<{ plan: string; cancelAtPeriodEnd: boolean }>('DELETE', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(cancelled.body.data).toMatchObject({ plan: 'studio', cancelAtPeriodEnd: true });

    stripe.cancelNow(subId);
    expect((await stripe.sendWebhook(webhookUrl(), stripe.event('customer.subscription.deleted', subId))).status).toBe(200);
    // An older "updated" event arriving after the deletion: the state is fetched again, so it stays ended.
    expect((await stripe.sendWebhook(webhookUrl(), stale)).status).toBe(200);
    const ended = await api().call<{ plan: string; status: string }>('GET', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(ended.body.data).toMatchObject({ plan: 'free', status: 'canceled' });
    // Each request is audited: the four team requests, studio, the cancellation.
    expect(await count(`SELECT 1 FROM audit_log WHERE project_id = $1 AND action IN ('billing.subscription_changed', 'billing.subscription_canceled')`, [h.projectId])).toBe(6);
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

describe('payments without Stripe configured', () => {
  const h = harness('pglite');
  it('answers 503 PAYMENTS_NOT_CONFIGURED for what needs Stripe, and lists what is stored', async () => {
    const setup = await h.api.call('POST', '/api/payments/methods', { token: h.owner.accessToken, body: { projectId: h.projectId } });
    expect(setup.status).toBe(503);
    expect(setup.body.error?.code).toBe('PAYMENTS_NOT_CONFIGURED');
    const paid = await h.api.call('POST', '/api/payments/process', { token: h.owner.accessToken, body: { projectId: h.projectId, amountMinor: 100, currency: 'eur' }, headers: { 'idempotency-key': randomUUID() } });
    expect(paid.status).toBe(503);
    const hook = await fetch(`${h.app.url}/api/payments/webhook`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=0' }, body: '{}' });
    expect(hook.status).toBe(503);
    const listed = await h.api.call('GET', `/api/payments/methods?projectId=${h.projectId}`, { token: h.owner.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
  });
});
