/**
 * What billing needs from a card payment provider, in our terms: Stripe today (stripe-provider.ts),
 * another later. Only ids and what a receipt may show cross this interface, never card numbers.
 * Amounts are integers in minor units. Every call may throw `ProviderError`.
 */

/** Our payment statuses (the `payments.status` column); Stripe's `requires_payment_method` after an attempt is `failed`. */
export type ProviderPaymentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: string;
  customerId: string | null;
  /** For the browser to finish 3-D Secure with Stripe.js (`handleNextAction`); null once done. */
  clientSecret: string | null;
  /** What the customer must do next (`{type: 'use_stripe_sdk'}` or a redirect), as Stripe says it. */
  nextAction: Record<string, unknown> | null;
  /** Why the last attempt failed ("Your card was declined."), if it did. */
  failureReason: string | null;
  metadata: Record<string, string>;
  createdAt: Date;
}

export interface ProviderCard {
  id: string;
  customerId: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

export interface ProviderSetupIntent {
  id: string;
  customerId: string | null;
  status: string;
  clientSecret: string | null;
  paymentMethodId: string | null;
}

export type ProviderSubscriptionStatus = 'incomplete' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete_expired' | 'paused';

export interface ProviderSubscription {
  id: string;
  customerId: string;
  status: ProviderSubscriptionStatus;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  metadata: Record<string, string>;
}

export interface CreatePaymentInput {
  amountMinor: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
  description: string | undefined;
  metadata: Record<string, string>;
}

export interface PaymentProvider {
  createCustomer(input: { projectId: string; email: string | null; name: string | null }, idempotencyKey: string): Promise<{ id: string }>;
  createSetupIntent(customerId: string, metadata: Record<string, string>): Promise<ProviderSetupIntent>;
  retrieveSetupIntent(id: string): Promise<ProviderSetupIntent>;
  retrieveCard(paymentMethodId: string): Promise<ProviderCard>;
  detachPaymentMethod(paymentMethodId: string): Promise<void>;
  /** Creates and confirms a PaymentIntent; a declined card answers a `failed` payment, not an error. */
  createPayment(input: CreatePaymentInput, idempotencyKey: string): Promise<ProviderPayment>;
  retrievePayment(id: string): Promise<ProviderPayment>;
  /** Payments created in [from, to), every page. */
  listPayments(range: { from: Date; to: Date }): Promise<ProviderPayment[]>;
  createSubscription(input: { customerId: string; priceId: string; paymentMethodId: string | null; metadata: Record<string, string> }, idempotencyKey: string): Promise<ProviderSubscription>;
  changeSubscriptionPrice(id: string, priceId: string): Promise<ProviderSubscription>;
  cancelSubscriptionAtPeriodEnd(id: string): Promise<ProviderSubscription>;
  retrieveSubscription(id: string): Promise<ProviderSubscription>;
}

/**
 * A call the provider did not carry out: `unavailable` (no answer, 5xx, 429: nothing is known to
 * have happened, retry later), `not_found` (no such object), `refused` (the request itself was
 * wrong: a bad price, a detached method).
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'not_found' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** A verified provider event: only its id, type and the id of its object are trusted (the object itself is re-fetched). */
export interface VerifiedEvent {
  id: string;
  type: string;
  objectId: string | null;
}

/** Checks a webhook's signature and age; throws when either is wrong. */
export type WebhookVerifier = (rawBody: Buffer, signature: string) => VerifiedEvent;
