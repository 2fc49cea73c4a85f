import { z } from 'zod';
import { userText } from '../text.js';

/** Any string: the operation answers 404 for what is not a project of the caller's (not an id, another's project). */
const projectId = z.string().min(1).max(100);
const id = z.string().min(1).max(100);

export const projectQuery = z.object({ projectId });
export const projectBody = z.object({ projectId }).strict();
export const confirmSetupBody = z.object({ projectId, setupIntentId: z.string().regex(/^seti_[A-Za-z0-9_]{1,200}$/, 'must be a Stripe SetupIntent id (seti_…)') }).strict();
export const methodParams = z.object({ id });

/** Amounts are whole minor units (cents) as JSON integers: "10", 1.5 and 1e400 are refused, never rounded. */
export const processPaymentBody = z
  .object({
    projectId,
    invoiceId: id.optional(),
    amountMinor: z.number().int('must be a whole number of minor units (cents)').positive('must be positive').max(99_999_999, 'must be at most 99999999').optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as eur')
      .transform((value) => value.toLowerCase())
      .optional(),
    description: userText().trim().max(500, 'must be at most 500 characters').optional(),
    paymentMethodId: id.optional(),
  })
  .strict()
  .refine((body) => body.invoiceId !== undefined || (body.amountMinor !== undefined && body.currency !== undefined), { message: 'name an invoiceId, or an amountMinor and a currency', path: ['amountMinor'] })
  .refine((body) => body.invoiceId === undefined || (body.amountMinor === undefined && body.currency === undefined), { message: "an invoice's amount and currency are the invoice's", path: ['amountMinor'] });

/** The caller's key for the payment (required: a payment must never be made twice by a retry). */
export const idempotencyKeyHeader = z.string({ error: 'the Idempotency-Key header is required' }).regex(/^[\x21-\x7e]{8,200}$/, 'must be 8–200 visible ASCII characters');

export const subscriptionBody = z.object({ projectId, plan: z.string().min(1).max(40) }).strict();

export const paymentMethodResponse = z.object({ id: z.uuid(), brand: z.string().nullable(), last4: z.string().nullable(), expMonth: z.number().int().nullable(), expYear: z.number().int().nullable(), isDefault: z.boolean() });
export const paymentMethodListResponse = z.array(paymentMethodResponse);
export const setupResponse = z.object({ setupIntentId: z.string(), clientSecret: z.string(), publishableKey: z.string().nullable() });
export const removedMethodResponse = z.object({ id: z.uuid(), deleted: z.literal(true) });
export const paymentResponse = z.object({
  id: z.uuid(),
  status: z.enum(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled']),
  clientSecret: z.string().optional().describe('While requires_action: for Stripe.js handleNextAction (3-D Secure)'),
  nextAction: z.record(z.string(), z.unknown()).optional(),
  failureReason: z.string().nullable(),
  invoiceId: z.uuid().nullable(),
  amountMinor: z.number().int(),
  currency: z.string(),
  createdAt: z.iso.datetime(),
});
export const subscriptionResponse = z.object({
  plan: z.string(),
  status: z.string(),
  currentPeriodEnd: z.iso.datetime().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  limits: z.object({ seats: z.number().int().nullable(), storageBytes: z.number().int().nullable() }),
  plans: z.array(z.object({ name: z.string(), paid: z.boolean(), seats: z.number().int().nullable(), storageBytes: z.number().int().nullable() })),
});
export const webhookResponse = z.object({ outcome: z.enum(['applied', 'duplicate', 'ignored']), eventId: z.string() });
