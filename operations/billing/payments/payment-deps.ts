import type { PlanTable } from '../../../platform/billing-config.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logger.js';
import { type Outcome, fail } from '../../outcome.js';
import { type PaymentProvider, ProviderError, type WebhookVerifier } from './payment-provider.js';
import type { ReceiptMailer } from './receipt-mailer.js';

/** What payment operations work with, built where the process is composed. */
export interface PaymentDeps {
  db: Database;
  /** Null: Stripe is not configured (STRIPE_SECRET_KEY unset). */
  provider: PaymentProvider | null;
  /** Null: no STRIPE_WEBHOOK_SECRET, so webhooks are refused. */
  verifyWebhook: WebhookVerifier | null;
  publishableKey: string | null;
  /** Currencies free amounts may be paid in. */
  currencies: readonly string[];
  plans: PlanTable;
  /** Null: no SMTP configured, so no receipts. */
  receipts: ReceiptMailer | null;
  /** Asks for a payment's receipt job in the caller's transaction; absent: the receipt is sent after the commit, in line. */
  requestReceipt?: (paymentId: string, options: { in: Queryable }) => Promise<void>;
  logger: Logger;
}

export const notConfigured = () => fail('PAYMENTS_NOT_CONFIGURED', 'Card payments are not configured on this server (STRIPE_SECRET_KEY); bank transfer still works.');

/** The provider, or the 503 every card operation answers without one. */
export function providerOf(deps: PaymentDeps): Outcome<PaymentProvider> {
  return deps.provider ? { ok: true, value: deps.provider } : notConfigured();
}

/**
 * A provider call, its failure as an outcome: unreachable is 502 (nothing happened here; retry),
 * a refused request 422, an object Stripe no longer has 404. Other errors are bugs and are thrown.
 */
export async function viaProvider<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === 'unavailable') return fail('PAYMENT_PROVIDER_UNAVAILABLE', 'The payment provider did not answer; nothing was charged or recorded. Retry with the same Idempotency-Key.');
    if (error.kind === 'not_found') return fail('NOT_FOUND', 'The payment provider has no such object.');
    return fail('PAYMENT_PROVIDER_REFUSED', `The payment provider refused: ${error.message.slice(0, 300)}`);
  }
}
