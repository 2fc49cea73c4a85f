import type { Queryable } from '../../platform/db/database.js';

/** A saved card as we keep it: Stripe's id and what a receipt may show, never the number. */
export interface PaymentMethod {
  id: string;
  projectId: string;
  providerMethodId: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
  createdAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  provider_method_id: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  is_default: boolean;
  created_at: Date;
}

const COLUMNS = 'id, project_id, provider_method_id, brand, last4, exp_month, exp_year, is_default, created_at';
const methodOf = (row: Row): PaymentMethod => ({
  id: row.id,
  projectId: row.project_id,
  providerMethodId: row.provider_method_id,
  brand: row.brand,
  last4: row.last4,
  expMonth: row.exp_month,
  expYear: row.exp_year,
  isDefault: row.is_default,
  createdAt: row.created_at,
});

export async function listPaymentMethods(db: Queryable, projectId: string): Promise<PaymentMethod[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payment_methods WHERE project_id = $1 ORDER BY created_at, id`, [projectId]);
  return rows.map(methodOf);
}

export async function paymentMethodIn(db: Queryable, projectId: string, id: string): Promise<PaymentMethod | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payment_methods WHERE project_id = $1 AND id = $2`, [projectId, id]);
  return rows[0] ? methodOf(rows[0]) : null;
}

export async function defaultPaymentMethod(db: Queryable, projectId: string): Promise<PaymentMethod | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payment_methods WHERE project_id = $1 AND is_default`, [projectId]);
  return rows[0] ? methodOf(rows[0]) : null;
}

export interface SavedCard {
  projectId: string;
  providerMethodId: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  createdBy: string | null;
}

/**
 * Stores a card once (a confirm and the webhook for the same setup both land here); the project's
 * first card becomes its default. Answers the row and whether this call made it.
 */
export async function saveCard(tx: Queryable, card: SavedCard): Promise<{ method: PaymentMethod; created: boolean }> {
  // Serialises first cards of one project, so exactly one of them is the default.
  await tx.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [card.projectId]);
  const existing = await tx.query<Row>(`SELECT ${COLUMNS} FROM payment_methods WHERE provider_method_id = $1`, [card.providerMethodId]);
  if (existing.rows[0]) return { method: methodOf(existing.rows[0]), created: false };
  const { rows } = await tx.query<Row>(
    `INSERT INTO payment_methods (project_id, provider, provider_method_id, brand, last4, exp_month, exp_year, is_default, created_by)
     VALUES ($1, 'stripe', $2, $3, $4, $5, $6, NOT EXISTS (SELECT 1 FROM payment_methods WHERE project_id = $1 AND is_default), $7)
     RETURNING ${COLUMNS}`,
    [card.projectId, card.providerMethodId, card.brand, card.last4, card.expMonth, card.expYear, card.createdBy],
  );
  return { method: methodOf(rows[0]!), created: true };
}

export async function makeDefault(tx: Queryable, projectId: string, id: string): Promise<void> {
  await tx.query('UPDATE payment_methods SET is_default = false WHERE project_id = $1 AND is_default AND id <> $2', [projectId, id]);
  await tx.query('UPDATE payment_methods SET is_default = true WHERE project_id = $1 AND id = $2', [projectId, id]);
}

/** Deletes a method; when it was the default, the oldest remaining one takes its place. */
export async function deletePaymentMethod(tx: Queryable, projectId: string, id: string): Promise<void> {
  const { rows } = await tx.query<{ is_default: boolean }>('DELETE FROM payment_methods WHERE project_id = $1 AND id = $2 RETURNING is_default', [projectId, id]);
  if (!rows[0]?.is_default) return;
  await tx.query(
    'UPDATE payment_methods SET is_default = true WHERE id = (SELECT id FROM payment_methods WHERE project_id = $1 ORDER BY created_at, id LIMIT 1)',
    [projectId],
  );
}
