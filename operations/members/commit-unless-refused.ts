import type { AppError } from '../../platform/app-error.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import type { Outcome } from '../outcome.js';

/** Carries a refusal out of `db.transaction`, which rolls back only when its function throws. */
class Refusal extends Error {
  constructor(readonly outcome: { ok: false; error: AppError }) {
    super(outcome.error.message);
  }
}

/**
 * Runs `fn` in one transaction that commits only when it answers ok: a refusal found after a
 * write (the account an invitation created, say) takes the write back with it.
 */
export async function commitUnlessRefused<T>(db: Database, fn: (tx: Queryable) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await db.transaction(async (tx) => {
      const outcome = await fn(tx);
      if (!outcome.ok) throw new Refusal(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof Refusal) return error.outcome;
    throw error;
  }
}
