import type { Queryable } from '../../platform/db/database.js';

/** A project's billing account: who it bills and how its invoices look. */
export interface BillingAccount {
  projectId: string;
  /** Stripe's customer (`cus_…`), set by payments on first use (storage/billing/payment-accounts.ts). */
  stripeCustomerId: string | null;
  legalName: string | null;
  email: string | null;
  address: string | null;
  country: string | null;
  taxId: string | null;
  currency: string;
  logoAssetId: string | null;
  brandColor: string | null;
  invoicePrefix: string;
  milestoneStage: string | null;
  /** bigint in SQL, refused above a safe cap at the edge, so a JS number holds it exactly. */
  milestoneAmountMinor: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the settings (PUT /api/billing/account) replace: everything but the keys, Stripe's customer and the times. */
export type BillingAccountFields = Omit<BillingAccount, 'projectId' | 'stripeCustomerId' | 'createdAt' | 'updatedAt'>;

interface Row {
  project_id: string;
  stripe_customer_id: string | null;
  legal_name: string | null;
  email: string | null;
  address: string | null;
  country: string | null;
  tax_id: string | null;
  currency: string;
  logo_asset_id: string | null;
  brand_color: string | null;
  invoice_prefix: string;
  milestone_stage: string | null;
  milestone_amount_minor: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `project_id, stripe_customer_id, legal_name, email, address, country, tax_id, currency, logo_asset_id, brand_color, invoice_prefix, milestone_stage,
  milestone_amount_minor::text AS milestone_amount_minor, created_at, updated_at`;

function toAccount(row: Row): BillingAccount {
  return {
    projectId: row.project_id,
    stripeCustomerId: row.stripe_customer_id,
    legalName: row.legal_name,
    email: row.email,
    address: row.address,
    country: row.country,
    taxId: row.tax_id,
    currency: row.currency,
    logoAssetId: row.logo_asset_id,
    brandColor: row.brand_color,
    invoicePrefix: row.invoice_prefix,
    milestoneStage: row.milestone_stage,
    milestoneAmountMinor: row.milestone_amount_minor === null ? null : Number(row.milestone_amount_minor),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The project's account, made with the defaults on first use (two concurrent first uses make one). */
export async function ensureBillingAccount(db: Queryable, projectId: string): Promise<BillingAccount> {
  await db.query('INSERT INTO billing_accounts (project_id) VALUES ($1) ON CONFLICT (project_id) DO NOTHING', [projectId]);
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM billing_accounts WHERE project_id = $1`, [projectId]);
  return toAccount(rows[0]!);
}

/** The account if there is one (the milestone job does not make one). */
export async function findBillingAccount(db: Queryable, projectId: string): Promise<BillingAccount | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM billing_accounts WHERE project_id = $1`, [projectId]);
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Replaces every setting at once (the PUT's whole body), creating the row if needed. */
export async function saveBillingAccount(tx: Queryable, projectId: string, fields: BillingAccountFields): Promise<BillingAccount> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO billing_accounts (project_id, legal_name, email, address, country, tax_id, currency, logo_asset_id, brand_color, invoice_prefix, milestone_stage, milestone_amount_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::bigint)
     ON CONFLICT (project_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, email = EXCLUDED.email, address = EXCLUDED.address, country = EXCLUDED.country,
       tax_id = EXCLUDED.tax_id, currency = EXCLUDED.currency, logo_asset_id = EXCLUDED.logo_asset_id, brand_color = EXCLUDED.brand_color,
       invoice_prefix = EXCLUDED.invoice_prefix, milestone_stage = EXCLUDED.milestone_stage, milestone_amount_minor = EXCLUDED.milestone_amount_minor, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      projectId,
      fields.legalName,
      fields.email,
      fields.address,
      fields.country,
      fields.taxId,
      fields.currency,
      fields.logoAssetId,
      fields.brandColor,
      fields.invoicePrefix,
      fields.milestoneStage,
      fields.milestoneAmountMinor === null ? null : String(fields.milestoneAmountMinor),
    ],
  );
  return toAccount(rows[0]!);
}
