import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';
import { pageQuery } from '../pagination.js';
import {
  confirmSetupBody,
  paymentMethodListResponse,
  paymentMethodResponse,
  paymentResponse,
  processPaymentBody,
  projectBody,
  projectQuery,
  removedMethodResponse,
  setupResponse,
  subscriptionBody,
  subscriptionResponse,
  webhookResponse,
} from './payment-schemas.js';

const common = { tag: 'billing', auth: true } as const;
const card = ['PAYMENTS_NOT_CONFIGURED', 'PAYMENT_PROVIDER_UNAVAILABLE', 'PAYMENT_PROVIDER_REFUSED'];
const mismatchResponse = z.array(
  z.object({ id: z.string(), projectId: z.uuid().nullable(), kind: z.string(), invoiceId: z.uuid().nullable(), paymentId: z.uuid().nullable(), providerRef: z.string().nullable(), detail: z.record(z.string(), z.unknown()), foundAt: z.iso.datetime() }),
);

export const PAYMENT_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/payments/methods', operationId: 'listPaymentMethods', summary: "The project's saved cards: brand, last 4 and expiry only (owners and admins)", query: projectQuery, response: paymentMethodListResponse, success: { status: 200, description: 'The cards, oldest first; meta.publishableKey is the key for Stripe.js (null when not configured)' } },
  { ...common, method: 'post', path: '/api/payments/methods', operationId: 'startCardSetup', summary: 'Start adding a card: a Stripe SetupIntent for Stripe Elements `confirmSetup` in the browser (the card never reaches this server)', body: projectBody, response: setupResponse, success: { status: 201, description: 'The SetupIntent and the publishable key' }, errors: card },
  { ...common, method: 'post', path: '/api/payments/methods/confirm', operationId: 'confirmCardSetup', summary: "After `confirmSetup`: the SetupIntent and its card are fetched again from Stripe and stored (id, brand, last 4, expiry); the project's first card becomes the default", body: confirmSetupBody, response: paymentMethodResponse, success: { status: 201, description: 'The stored card' }, errors: [...card, 'CONFLICT'] },
  { ...common, method: 'put', path: '/api/payments/methods/{id}/default', operationId: 'setDefaultPaymentMethod', summary: 'Make a saved card the default (payments and the plan use it)', body: projectBody, response: paymentMethodListResponse, success: { status: 200, description: 'The cards as they now are' } },
  { ...common, method: 'delete', path: '/api/payments/methods/{id}', operationId: 'removePaymentMethod', summary: 'Remove a saved card: detached at Stripe, then deleted here', query: projectQuery, response: removedMethodResponse, success: { status: 200, description: 'Removed' }, errors: card },
  {
    ...common,
    method: 'post',
    path: '/api/payments/process',
    operationId: 'processPayment',
    summary:
      "Pay an open invoice (what is still owed, in its currency) or a free amount (integer minor units, a configured currency) with a saved card (default unless named). The `Idempotency-Key` header is required and passed to Stripe: a retry answers the same payment. `requires_action` carries `clientSecret`/`nextAction` for 3-D Secure; a declined card answers `failed` with `failureReason` and the invoice stays open. Stripe unreachable: 502 and nothing recorded",
    body: processPaymentBody,
    response: paymentResponse,
    success: { status: 201, description: 'The payment' },
    errors: [...card, 'PAYMENT_METHOD_REQUIRED', 'INVOICE_NOT_PAYABLE'],
  },
  { tag: 'billing', auth: false, method: 'post', path: '/api/payments/webhook', operationId: 'stripeWebhook', summary: 'Stripe events (signed; 5 minutes tolerance). Each event is applied once, from the object fetched again from Stripe: payment intents, setup intents, subscriptions', response: webhookResponse, success: { status: 200, description: 'Applied, a duplicate, or not ours' }, errors: ['BAD_REQUEST', ...card] },
  { ...common, method: 'get', path: '/api/billing/subscription', operationId: 'getSubscription', summary: "The project's plan, its limits and the plans on offer (free when it never subscribed)", query: projectQuery, response: subscriptionResponse, success: { status: 200, description: 'The plan' } },
  { ...common, method: 'put', path: '/api/billing/subscription', operationId: 'changeSubscription', summary: 'Subscribe to a paid plan (charged to the default card) or move the running subscription to it (prorated)', body: subscriptionBody, response: subscriptionResponse, success: { status: 200, description: 'The plan now' }, errors: [...card, 'PAYMENT_METHOD_REQUIRED'] },
  { ...common, method: 'delete', path: '/api/billing/subscription', operationId: 'cancelSubscription', summary: 'Cancel the paid plan at the end of its period (the limits stay until then)', query: projectQuery, response: subscriptionResponse, success: { status: 200, description: 'The plan, cancelling at period end' }, errors: card },
  { tag: 'admin', auth: true, method: 'get', path: '/api/admin/billing/mismatches', operationId: 'listBillingMismatches', summary: 'Instance admins: differences the daily reconciliation found between our payments and invoices and Stripe', query: pageQuery, response: mismatchResponse, success: { status: 200, description: 'Open mismatches, newest first; meta has total, page, limit' } },
];
