import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PaymentMethodView, PaymentView } from '../../operations/billing/payments/present.js';
import type { DatabaseKind } from '../../platform/db/database.js';
import type { SignedIn } from './client.js';
import { type Harness, harness } from './collab-harness.js';
import { type FakeSmtp, startFakeSmtp } from './fake-smtp.js';
import { type FakeStripe, startFakeStripe } from './fake-stripe.js';

/** The API's own shapes, as the routes present them. */
export type Method = PaymentMethodView;
export type Payment = PaymentView;
export interface InvoiceRow {
  status: string;
  amount_paid_minor: string;
  last_payment_error: string | null;
  paid_at: Date | null;
}

/** Plans small enough to reach in a test: team has 3 seats and 1000 bytes of files. */
const PLANS = JSON.stringify({ free: { seats: 50 }, team: { priceId: 'price_team', seats: 3, storageBytes: 1000 }, studio: { priceId: 'price_studio', seats: 10, storageBytes: 1_000_000 } });

/** The server's environment for payments through the fake Stripe, with receipts sent to the fake SMTP server. */
export function paymentsEnv(stripe: FakeStripe, smtp: FakeSmtp): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_publishable',
    STRIPE_API_URL: stripe.url,
    STRIPE_TIMEOUT_MS: '2000',
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Billing <billing@example.com>',
    BILLING_PLANS: PLANS,
  };
}

/**
 * A fake Stripe, a fake SMTP server and the harness whose server uses them, for one describe block
 * (it registers the block's hooks, so call it inside the describe). `started` hands the fakes, and
 * the environment the server got, to the block once they run.
 */
export function stripeHarness(kind: DatabaseKind, started: (fakes: { stripe: FakeStripe; smtp: FakeSmtp; env: Record<string, string> }) => void): Harness {
  let stripe: FakeStripe | undefined;
  let smtp: FakeSmtp | undefined;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    stripe = await startFakeStripe();
    smtp = await startFakeSmtp();
    Object.assign(env, paymentsEnv(stripe, smtp));
    started({ stripe, smtp, env });
  });
  const h = harness(kind, env);
  afterAll(async () => {
    await stripe?.close();
    await smtp?.close();
  });
  return h;
}

/**
 * The calls the payment tests make against a harness's server and database. Everything is read
 * when called (the harness and the fake Stripe are only there once the suite's beforeAll ran).
 */
export function paymentCalls(h: Harness, fakeStripe: () => FakeStripe) {
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
    const stripe = fakeStripe();
    const setup = await api().call<{ setupIntentId: string; clientSecret: string; publishableKey: string }>('POST', '/api/payments/methods', { ...as(person), body: { projectId } });
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    stripe.confirmSetup(setup.body.data.setupIntentId, stripe.card(card));
    const confirmed = await api().call<Method>('POST', '/api/payments/methods/confirm', { ...as(person), body: { projectId, setupIntentId: setup.body.data.setupIntentId } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    return confirmed.body.data;
  }

  return { api, db, as, webhookUrl, openInvoice, invoice, count, pay, providerIdOf, addCard };
}
