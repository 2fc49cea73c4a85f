import { z } from 'zod';

/**
 * Stripe payments and plans (STRIPE_*, BILLING_*): the variables `platform/config.ts` merges into
 * its one schema, and the typed section it builds from them. Kept apart so the billing section
 * is one import and one line there.
 */

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** One plan: what it costs at Stripe (a price id; none for the free plan) and what it allows. */
const planSchema = z.object({
  /** Stripe price (`price_…`); absent for a plan that costs nothing. */
  priceId: z.string().trim().min(1).max(200).optional(),
  /** Members the project may have (owners included); absent: no limit. */
  seats: z.number().int().positive().optional(),
  /** Bytes of uploaded files; absent: only ASSET_PROJECT_QUOTA_BYTES applies. */
  storageBytes: z.number().int().positive().optional(),
});
export type Plan = z.infer<typeof planSchema>;
export type PlanTable = Readonly<Record<string, Plan>>;

const GIB = 1024 * 1024 * 1024;
/** The default plan table; BILLING_PLANS (JSON of the same shape) replaces it. */
export const DEFAULT_PLANS: PlanTable = {
  free: { seats: 5, storageBytes: 1 * GIB },
  team: { priceId: 'price_team', seats: 20, storageBytes: 100 * GIB },
  studio: { priceId: 'price_studio', seats: 100, storageBytes: 1024 * GIB },
};

const plans = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON: {"team": {"priceId": "price_…", "seats": 20, "storageBytes": 107374182400}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'plan names are lower-case words'), planSchema).refine((table) => 'free' in table, 'must have a "free" plan (what a project without a subscription has)'));

const currencies = z
  .string()
  .transform((value) => value.split(',').map((code) => code.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z]{3}$/, 'each currency is an ISO 4217 code such as eur')).min(1));

export const billingEnv = {
  /** Stripe's secret key (`sk_…`). Unset: card payments and plans answer 503 PAYMENTS_NOT_CONFIGURED (bank transfer still works). */
  STRIPE_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(8).optional()),
  /** The signing secret of the webhook endpoint (`whsec_…`) Stripe sends POST /api/payments/webhook with. */
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().trim().min(8).optional()),
  /** The publishable key (`pk_…`) the web client loads Stripe Elements with. */
  STRIPE_PUBLISHABLE_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(8).optional()),
  /** Another Stripe API address (a local fake in tests, e.g. http://127.0.0.1:12111). Unset: api.stripe.com. */
  STRIPE_API_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** How long one Stripe call may take before it counts as unreachable. */
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(20_000),
  /** Currencies free-amount payments may be made in (comma-separated ISO 4217 codes). */
  BILLING_CURRENCIES: currencies.default(['eur', 'usd', 'gbp']),
  /** The plan table as JSON (see DEFAULT_PLANS); must have "free". */
  BILLING_PLANS: z.preprocess(emptyAsUndefined, plans.optional()),
};

const billingEnvSchema = z.object(billingEnv);
type BillingEnv = z.output<typeof billingEnvSchema>;

/** Stripe's address, split the way the Stripe library takes it. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface BillingConfig {
  /** Undefined: Stripe is not configured. */
  stripe: { secretKey: string; webhookSecret: string | undefined; publishableKey: string | undefined; endpoint: StripeEndpoint | undefined; timeoutMs: number } | undefined;
  currencies: readonly string[];
  plans: PlanTable;
}

export function billingConfigOf(e: BillingEnv): BillingConfig {
  let endpoint: StripeEndpoint | undefined;
  if (e.STRIPE_API_URL) {
    const url = new URL(e.STRIPE_API_URL);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    endpoint = { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
  }
  return {
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, publishableKey: e.STRIPE_PUBLISHABLE_KEY, endpoint, timeoutMs: e.STRIPE_TIMEOUT_MS }
      : undefined,
    currencies: e.BILLING_CURRENCIES,
    plans: e.BILLING_PLANS ?? DEFAULT_PLANS,
  };
}
