import type { Queryable } from '../../platform/db/database.js';

export interface Subscription {
  projectId: string;
  providerSubscriptionId: string | null;
  plan: string;
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  seatLimit: number | null;
  storageLimitBytes: number | null;
  updatedAt: Date;
}

interface Row {
  project_id: string;
  provider_subscription_id: string | null;
  plan: string;
  status: string;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  seat_limit: number | null;
  storage_limit_bytes: string | null;
  updated_at: Date;
}

const COLUMNS = 'project_id, provider_subscription_id, plan, status, current_period_end, cancel_at_period_end, seat_limit, storage_limit_bytes::text, updated_at';
const subscriptionOf = (row: Row): Subscription => ({
  projectId: row.project_id,
  providerSubscriptionId: row.provider_subscription_id,
  plan: row.plan,
  status: row.status,
  currentPeriodEnd: row.current_period_end,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  seatLimit: row.seat_limit,
  storageLimitBytes: row.storage_limit_bytes === null ? null : Number(row.storage_limit_bytes),
  updatedAt: row.updated_at,
});

export async function subscriptionOfProject(db: Queryable, projectId: string, options: { lock?: boolean } = {}): Promise<Subscription | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE project_id = $1${options.lock ? ' FOR UPDATE' : ''}`, [projectId]);
  return rows[0] ? subscriptionOf(rows[0]) : null;
}

export async function projectOfSubscription(db: Queryable, providerSubscriptionId: string): Promise<string | null> {
  const { rows } = await db.query<{ project_id: string }>('SELECT project_id FROM subscriptions WHERE provider_subscription_id = $1', [providerSubscriptionId]);
  return rows[0]?.project_id ?? null;
}

export interface SubscriptionState {
  projectId: string;
  providerSubscriptionId: string | null;
  plan: string;
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  seatLimit: number | null;
  storageLimitBytes: number | null;
}

/** The project's subscription as it now is (one row per project). */
/**
 * Serializes writers of one project's subscription (a double click, a webhook at the same time)
 * for the rest of the transaction. The row may not exist yet, so the project's row is locked
 * (`FOR NO KEY UPDATE`: inserts elsewhere that reference the project are not held up). Without
 * it, two first writes race on `provider_subscription_id`'s unique index, which `ON CONFLICT
 * (project_id)` does not cover, and one fails.
 */
export async function lockProjectSubscription(tx: Queryable, projectId: string): Promise<void> {
  await tx.query('SELECT 1 FROM projects WHERE id = $1 FOR NO KEY UPDATE', [projectId]);
}

export async function saveSubscription(tx: Queryable, state: SubscriptionState): Promise<void> {
  await tx.query(
    `INSERT INTO subscriptions (project_id, provider_subscription_id, plan, status, current_period_end, cancel_at_period_end, seat_limit, storage_limit_bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint)
     ON CONFLICT (project_id) DO UPDATE SET provider_subscription_id = EXCLUDED.provider_subscription_id, plan = EXCLUDED.plan, status = EXCLUDED.status,
       current_period_end = EXCLUDED.current_period_end, cancel_at_period_end = EXCLUDED.cancel_at_period_end, seat_limit = EXCLUDED.seat_limit,
       storage_limit_bytes = EXCLUDED.storage_limit_bytes, updated_at = now()`,
    [state.projectId, state.providerSubscriptionId, state.plan, state.status, state.currentPeriodEnd?.toISOString() ?? null, state.cancelAtPeriodEnd, state.seatLimit, state.storageLimitBytes === null ? null : String(state.storageLimitBytes)],
  );
}
