import Stripe from 'stripe';
import type { BillingConfig } from '../../../platform/billing-config.js';
import {
  type CreatePaymentInput,
  type PaymentProvider,
  type ProviderCard,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderSetupIntent,
  type ProviderSubscription,
  type ProviderSubscriptionStatus,
  ProviderError,
  type WebhookVerifier,
} from './payment-provider.js';

type StripeSettings = NonNullable<BillingConfig['stripe']>;

/** A Stripe client as configured: the official library, pointed at STRIPE_API_URL when set (a local fake). */
export function stripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    ...(settings.endpoint ?? {}),
    // One attempt per call: our callers answer 502 and the client retries with its Idempotency-Key.
    maxNetworkRetries: 0,
    timeout: settings.timeoutMs,
  });
}

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** Stripe's failures in our three kinds; anything else is a bug and is thrown as it is. */
function translated(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError) {
    return new ProviderError('unavailable', 'Stripe did not answer.');
  }
  if ((error.statusCode ?? 0) >= 500) return new ProviderError('unavailable', 'Stripe did not answer.');
  if (error.code === 'resource_missing' || error.statusCode === 404) return new ProviderError('not_found', error.message);
  return new ProviderError('refused', error.message);
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translated(error);
  }
}

function paymentOf(intent: Stripe.PaymentIntent): ProviderPayment {
  const failureReason = intent.last_payment_error?.message ?? null;
  // After a failed attempt Stripe asks for another method: for us that attempt failed.
  const status: ProviderPaymentStatus = intent.status === 'requires_payment_method' && failureReason ? 'failed' : (intent.status as ProviderPaymentStatus);
  return {
    id: intent.id,
    status,
    amountMinor: intent.amount,
    currency: intent.currency,
    customerId: idOf(intent.customer),
    clientSecret: intent.status === 'requires_action' ? intent.client_secret : null,
    nextAction: intent.next_action ? (JSON.parse(JSON.stringify(intent.next_action)) as Record<string, unknown>) : null,
    failureReason,
    metadata: { ...intent.metadata },
    createdAt: new Date(intent.created * 1000),
  };
}

function setupIntentOf(intent: Stripe.SetupIntent): ProviderSetupIntent {
  return { id: intent.id, customerId: idOf(intent.customer), status: intent.status, clientSecret: intent.client_secret, paymentMethodId: idOf(intent.payment_method) };
}

function subscriptionOf(sub: Stripe.Subscription): ProviderSubscription {
  const item = sub.items.data[0];
  // API versions since 2025-03 keep the period on the item.
  const periodEnd = item?.current_period_end ?? null;
  return {
    id: sub.id,
    customerId: idOf(sub.customer) ?? '',
    status: sub.status as ProviderSubscriptionStatus,
    priceId: item?.price?.id ?? null,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    metadata: { ...sub.metadata },
  };
}

/** The provider interface over the official Stripe library. */
export function stripeProvider(stripe: Stripe): PaymentProvider {
  return {
    createCustomer: (input, idempotencyKey) =>
      call(async () => {
        const customer = await stripe.customers.create({ metadata: { projectId: input.projectId }, ...(input.email ? { email: input.email } : {}), ...(input.name ? { name: input.name } : {}) }, { idempotencyKey });
        return { id: customer.id };
      }),
    createSetupIntent: (customerId, metadata) => call(async () => setupIntentOf(await stripe.setupIntents.create({ customer: customerId, usage: 'off_session', metadata }))),
    retrieveSetupIntent: (id) => call(async () => setupIntentOf(await stripe.setupIntents.retrieve(id))),
    retrieveCard: (id) =>
      call(async (): Promise<ProviderCard> => {
        const method = await stripe.paymentMethods.retrieve(id);
        return { id: method.id, customerId: idOf(method.customer), brand: method.card?.brand ?? null, last4: method.card?.last4 ?? null, expMonth: method.card?.exp_month ?? null, expYear: method.card?.exp_year ?? null };
      }),
    detachPaymentMethod: (id) =>
      call(async () => {
        await stripe.paymentMethods.detach(id);
      }),
    createPayment: (input: CreatePaymentInput, idempotencyKey) =>
      call(async () => {
        try {
          const intent = await stripe.paymentIntents.create(
            {
              amount: input.amountMinor,
              currency: input.currency,
              customer: input.customerId,
              payment_method: input.paymentMethodId,
              confirm: true,
              // Cards only in this flow: a method that would redirect the browser elsewhere is refused.
              automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
              metadata: input.metadata,
              ...(input.description ? { description: input.description } : {}),
            },
            { idempotencyKey },
          );
          return paymentOf(intent);
        } catch (error) {
          // A declined card is an answer, not a failure to answer: Stripe sends the intent with the error.
          if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) return paymentOf(error.payment_intent);
          throw error;
        }
      }),
    retrievePayment: (id) => call(async () => paymentOf(await stripe.paymentIntents.retrieve(id))),
    listPayments: (range) =>
      call(async () => {
        const found: ProviderPayment[] = [];
        const params = { created: { gte: Math.floor(range.from.getTime() / 1000), lt: Math.floor(range.to.getTime() / 1000) }, limit: 100 };
        for await (const intent of stripe.paymentIntents.list(params)) found.push(paymentOf(intent));
        return found;
      }),
    createSubscription: (input, idempotencyKey) =>
      call(async () =>
        subscriptionOf(
          await stripe.subscriptions.create(
            { customer: input.customerId, items: [{ price: input.priceId }], metadata: input.metadata, ...(input.paymentMethodId ? { default_payment_method: input.paymentMethodId } : {}) },
            { idempotencyKey },
          ),
        ),
      ),
    changeSubscriptionPrice: (id, priceId) =>
      call(async () => {
        const current = await stripe.subscriptions.retrieve(id);
        const item = current.items.data[0];
        return subscriptionOf(await stripe.subscriptions.update(id, { items: [item ? { id: item.id, price: priceId } : { price: priceId }], cancel_at_period_end: false, proration_behavior: 'create_prorations' }));
      }),
    cancelSubscriptionAtPeriodEnd: (id) => call(async () => subscriptionOf(await stripe.subscriptions.update(id, { cancel_at_period_end: true }))),
    retrieveSubscription: (id) => call(async () => subscriptionOf(await stripe.subscriptions.retrieve(id))),
  };
}

/** How old a signed webhook may be (Stripe's own default): a replayed old delivery is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Stripe's signature check (`constructEvent`: HMAC of the timestamp and the raw body, 5 minutes' tolerance). */
export function stripeWebhookVerifier(stripe: Stripe, secret: string): WebhookVerifier {
  return (rawBody, signature) => {
    const event = stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
    const object = (event.data as { object?: { id?: unknown } }).object;
    return { id: event.id, type: event.type, objectId: typeof object?.id === 'string' ? object.id : null };
  };
}
