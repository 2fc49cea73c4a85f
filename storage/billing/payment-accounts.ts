/** What payments write in a project's billing account (`billing_accounts`, read through billing-accounts.ts): Stripe's customer, and who gets receipts. */
import type { Queryable } from '../../platform/db/database.js';
import { findBillingAccount } from './billing-accounts.js';

/**
 * Records the project's Stripe customer, making the account row on first use. A customer already
 * recorded wins (two first uses at once made the same customer anyway: its Idempotency-Key is the project).
 */
export async function saveStripeCustomer(db: Queryable, projectId: string, customerId: string): Promise<string> {
  // Two first uses at once insert the same customer: `ON CONFLICT (project_id)` would not cover the
  // race on the customer id's own unique index, so any conflict is ignored here and the row is then
  // completed (the first customer saved stays the project's).
  const inserted = await db.query<{ stripe_customer_id: string }>(
    'INSERT INTO billing_accounts (project_id, stripe_customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING stripe_customer_id',
    [projectId, customerId],
  );
  if (inserted.rows[0]) return inserted.rows[0].stripe_customer_id;
  const { rows } = await db.query<{ stripe_customer_id: string }>(
    'UPDATE billing_accounts SET stripe_customer_id = COALESCE(stripe_customer_id, $2), updated_at = now() WHERE project_id = $1 RETURNING stripe_customer_id',
    [projectId, customerId],
  );
  if (!rows[0]) throw new Error(`the billing account of ${projectId} was neither inserted nor found`);
  return rows[0].stripe_customer_id;
}

export async function projectOfCustomer(db: Queryable, customerId: string): Promise<string | null> {
  const { rows } = await db.query<{ project_id: string }>('SELECT project_id FROM billing_accounts WHERE stripe_customer_id = $1', [customerId]);
  return rows[0]?.project_id ?? null;
}

/** Where a receipt goes: the account's billing email, else the project's owners. */
export async function receiptRecipients(db: Queryable, projectId: string): Promise<string[]> {
  const account = await findBillingAccount(db, projectId);
  if (account?.email) return [account.email];
  const { rows } = await db.query<{ email: string }>(
    `SELECT u.email FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 AND m.role = 'owner' ORDER BY m.created_at LIMIT 5`,
    [projectId],
  );
  return rows.map((row) => row.email);
}
