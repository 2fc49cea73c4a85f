import type { Config } from '../../../platform/config.js';
import { DEFAULT_PLANS } from '../../../platform/billing-config.js';
import type { PaymentDeps } from './payment-deps.js';
import { smtpReceiptMailer } from './receipt-mailer.js';
import { stripeClient, stripeProvider, stripeWebhookVerifier } from './stripe-provider.js';

export type PaymentServices = Omit<PaymentDeps, 'db' | 'logger'>;

/** No Stripe, no receipts: what a process without billing configured (or a test that builds its own app) has. */
export const NO_PAYMENTS: PaymentServices = { provider: null, verifyWebhook: null, publishableKey: null, currencies: ['eur'], plans: DEFAULT_PLANS, receipts: null };

/** Built once where the process is composed: the Stripe client (when configured), plans and the receipt mailer. */
export function createPaymentServices(config: Config): PaymentServices {
  const { billing } = config;
  const stripe = billing.stripe ? stripeClient(billing.stripe) : null;
  return {
    provider: stripe ? stripeProvider(stripe) : null,
    verifyWebhook: stripe && billing.stripe?.webhookSecret ? stripeWebhookVerifier(stripe, billing.stripe.webhookSecret) : null,
    publishableKey: billing.stripe?.publishableKey ?? null,
    currencies: billing.currencies,
    plans: billing.plans,
    receipts: config.email ? smtpReceiptMailer({ smtpUrl: config.email.smtpUrl, tlsRejectUnauthorized: config.email.tlsRejectUnauthorized, from: config.email.from }) : null,
  };
}
