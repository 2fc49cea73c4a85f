-- Billing of a project: who it bills, how it pays, what it owes and what it paid.
-- A project is the billing account ("organisation" in the seed): invoices are numbered per project.
-- Amounts are integers in the currency's minor units (cents); nothing here is ever a float.
-- No card data is stored: only the provider's ids and what a receipt may show (brand, last 4, expiry).

-- Who is billed and how invoices look. One row per project, made on first use.
CREATE TABLE billing_accounts (
  project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  -- The provider's customer (Stripe `cus_…`), made the first time a method or a payment needs it.
  stripe_customer_id text UNIQUE,
  legal_name text,
  email text,
  -- Postal address lines as printed on the invoice.
  address text,
  -- ISO 3166-1 alpha-2; picks the tax rate. Null: no tax computed.
  country text CHECK (country ~ '^[A-Z]{2}$'),
  -- The customer's VAT / tax id; with a country other than the seller's it makes a reverse charge.
  tax_id text,
  -- ISO 4217, lower case as Stripe writes it.
  currency text NOT NULL DEFAULT 'eur' CHECK (currency ~ '^[a-z]{3}$'),
  -- Branding of the PDF: an asset of the project for the logo, an accent colour.
  logo_asset_id uuid REFERENCES assets (id) ON DELETE SET NULL,
  brand_color text CHECK (brand_color ~ '^#[0-9a-fA-F]{6}$'),
  invoice_prefix text NOT NULL DEFAULT 'INV',
  -- Milestone billing: when a pipeline item reaches this stage, an invoice for this amount is made.
  -- Null stage or amount: milestones make no invoices.
  milestone_stage text,
  milestone_amount_minor bigint CHECK (milestone_amount_minor > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Saved payment methods (Stripe `pm_…` attached to the account's customer).
CREATE TABLE payment_methods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('stripe')),
  provider_method_id text NOT NULL UNIQUE,
  brand text,
  last4 text CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month smallint CHECK (exp_month BETWEEN 1 AND 12),
  exp_year smallint,
  is_default boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_methods_by_project ON payment_methods (project_id, created_at);
-- At most one default per project.
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (project_id) WHERE is_default;

-- Gap-free invoice numbers: the next number is taken under this row's lock, in the transaction
-- that inserts the invoice, so a rolled-back invoice gives its number back.
CREATE TABLE invoice_counters (
  project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  last_number integer NOT NULL DEFAULT 0
);

--   draft → open → paid | void | uncollectible
CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  number integer NOT NULL,
  -- As printed: prefix and number ("INV-000042"), fixed when the invoice is made.
  display_number text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  subtotal_minor bigint NOT NULL CHECK (subtotal_minor >= 0),
  -- Tax rate in basis points (1 % = 100), from the rate table at the time the invoice was made.
  tax_rate_bp integer NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
  tax_minor bigint NOT NULL DEFAULT 0 CHECK (tax_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  amount_paid_minor bigint NOT NULL DEFAULT 0 CHECK (amount_paid_minor >= 0),
  tax_country text,
  reverse_charge boolean NOT NULL DEFAULT false,
  -- The billed party as it was when the invoice was made (an invoice does not change afterwards).
  bill_to jsonb NOT NULL DEFAULT '{}',
  -- What made it: 'manual', or 'milestone' with the key of the milestone (document, entry, stage),
  -- unique per project so a retried stage move makes one invoice.
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'milestone')),
  milestone_key text,
  -- Why the last payment attempt failed ("Your card was declined."), cleared when paid.
  last_payment_error text,
  -- Bank transfer or other manual settlement: the reference the admin entered.
  manual_reference text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  issued_at timestamptz,
  due_at timestamptz,
  paid_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, number),
  UNIQUE (project_id, milestone_key)
);
CREATE INDEX invoices_by_project ON invoices (project_id, created_at DESC, id DESC);

CREATE TABLE invoice_lines (
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  position smallint NOT NULL CHECK (position >= 0),
  description text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_amount_minor bigint NOT NULL CHECK (unit_amount_minor >= 0),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (invoice_id, position)
);

-- Payment attempts (Stripe PaymentIntents), for an invoice or for a free amount.
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  invoice_id uuid REFERENCES invoices (id) ON DELETE SET NULL,
  provider text NOT NULL CHECK (provider IN ('stripe', 'bank_transfer')),
  -- Stripe `pi_…`; null for a manual settlement.
  provider_payment_id text UNIQUE,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  status text NOT NULL CHECK (status IN ('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')),
  failure_reason text,
  -- The caller's Idempotency-Key, passed to Stripe too: a retried request finds this row.
  idempotency_key text,
  receipt_sent_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, idempotency_key)
);
CREATE INDEX payments_by_invoice ON payments (invoice_id);
CREATE INDEX payments_by_project ON payments (project_id, created_at DESC);

-- A project's plan. Limits the rest of the product reads come from the plan table in config.
CREATE TABLE subscriptions (
  project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  provider_subscription_id text UNIQUE,
  plan text NOT NULL,
  status text NOT NULL CHECK (status IN ('incomplete', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'incomplete_expired', 'paused')),
  current_period_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Each provider event is acted on once: its id is inserted in the transaction that applies it.
CREATE TABLE billing_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- What the daily reconciliation found different between our rows and the provider's.
CREATE TABLE billing_mismatches (
  id bigserial PRIMARY KEY,
  project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
  kind text NOT NULL,
  invoice_id uuid REFERENCES invoices (id) ON DELETE CASCADE,
  payment_id uuid REFERENCES payments (id) ON DELETE CASCADE,
  provider_ref text,
  detail jsonb NOT NULL DEFAULT '{}',
  found_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX billing_mismatches_open ON billing_mismatches (found_at DESC) WHERE resolved_at IS NULL;
