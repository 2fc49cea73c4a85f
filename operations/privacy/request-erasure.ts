import { recordAudit } from '../../identity/audit.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { findPerson, projectsOnlyOwnedBy } from '../../storage/erase-person.js';
import { type StoredErasure, findInFlightErasure, insertErasure } from '../../storage/erasures.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';

/** How recent a sign-in erasing one's own account needs (the session's start). */
export const REAUTH_WINDOW_MS = 10 * 60_000;

export interface ErasureDeps {
  db: Database;
  /** Queues the erasure's job in the caller's transaction. */
  requestRun(erasureId: string, options: { in: Queryable }): Promise<void>;
}

export interface ErasureView {
  id: string;
  status: StoredErasure['status'];
  requestedBy: StoredErasure['requestedBy'];
  documentsReset: number;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

export const erasureView = (stored: StoredErasure): ErasureView => ({
  id: stored.id,
  status: stored.status,
  requestedBy: stored.requestedBy,
  documentsReset: stored.documentsReset,
  error: stored.error,
  createdAt: stored.createdAt.toISOString(),
  completedAt: stored.completedAt?.toISOString() ?? null,
});

/**
 * The signed-in person erases their own account: their session must be recent (else
 * REAUTH_REQUIRED) and they confirm with their email. Asked again while one waits or runs: that one.
 */
export async function requestMyErasure(deps: ErasureDeps, caller: Caller, input: { confirm: string; ip?: string | undefined }, now = new Date()): Promise<Outcome<{ erasure: ErasureView; created: boolean }>> {
  const principal = caller.principal;
  if (principal.type !== 'user') return fail('FORBIDDEN', 'Only a person signed in can erase their account, not an API key.');
  const { rows } = await deps.db.query<{ created_at: Date }>('SELECT created_at FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [principal.sessionId, principal.user.id]);
  const startedAt = rows[0]?.created_at;
  if (!startedAt || now.getTime() - startedAt.getTime() > REAUTH_WINDOW_MS) {
    return fail('REAUTH_REQUIRED', 'Erasing your account needs a recent sign-in: sign in again, then ask within 10 minutes.');
  }
  if (input.confirm.trim().toLowerCase() !== principal.user.email.toLowerCase()) {
    return fail('VALIDATION_FAILED', 'Type your email address in "confirm" to erase your account.', [{ path: 'confirm', message: 'must be your email address' }]);
  }
  return start(deps, principal.user.id, 'self', { actorUserId: principal.user.id, ip: input.ip ?? null });
}

/** An instance admin erases someone (an erasure request received another way). The route checks the admin. */
export async function requestErasureByAdmin(deps: ErasureDeps, input: { adminUserId: string; userId: string; ip?: string | undefined }): Promise<Outcome<{ erasure: ErasureView; created: boolean }>> {
  const person = await findPerson(deps.db, input.userId.toLowerCase());
  if (!person) {
    // Erased already (the erasure's row remains), or no such person: not found alike.
    return fail('NOT_FOUND', 'No such person.');
  }
  return start(deps, person.id, 'admin', { actorUserId: input.adminUserId, ip: input.ip ?? null });
}

async function start(deps: ErasureDeps, userId: string, requestedBy: 'self' | 'admin', audit: { actorUserId: string; ip: string | null }): Promise<Outcome<{ erasure: ErasureView; created: boolean }>> {
  return deps.db.transaction(async (tx) => {
    const existing = await findInFlightErasure(tx, userId);
    if (existing) return ok({ erasure: erasureView(existing), created: false });
    const owned = await projectsOnlyOwnedBy(tx, userId);
    if (owned.length > 0) {
      return fail('LAST_OWNER', 'They are the last owner of these projects: make someone else owner (or delete the project) first.', { projects: owned });
    }
    const created = await insertErasure(tx, userId, requestedBy);
    if (!created) {
      const racing = await findInFlightErasure(tx, userId);
      if (racing) return ok({ erasure: erasureView(racing), created: false });
      throw new Error('an erasure was in flight and is not any more: retry');
    }
    // The record names the erasure, not the person (whose id this row would otherwise keep).
    await recordAudit(tx, { action: 'privacy.erasure_requested', actorUserId: audit.actorUserId, target: `erasure:${created.id}`, details: { requestedBy }, ip: audit.ip });
    await deps.requestRun(created.id, { in: tx });
    return ok({ erasure: erasureView(created), created: true });
  });
}
