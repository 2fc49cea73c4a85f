import { recordAudit } from '../../identity/audit.js';
import { markRevealed } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { findTestAccount } from './test-account-access.js';
import { type TestAccountDeps, mayReveal, openSecrets } from './test-account.js';
import { withoutExpiredPrevious } from './rotation-policy.js';
import { decodeBase32, totpAt } from './totp.js';

export interface RevealedTestAccount {
  id: string;
  service: string;
  username: string;
  password: string | null;
  totpSeed: string | null;
  notes: string | null;
  /** The password a rotation replaced, while its grace period lasts. */
  previousPassword: string | null;
  previousPasswordUntil: string | null;
  /** The current code, made here so the seed need not leave the server to be useful. */
  totp: { code: string; secondsRemaining: number } | null;
}

/**
 * The secrets, for the roles the account allows. Every attempt is in the project's audit log with
 * who and from where: a reveal, and a refusal (a member whose role may not, or someone who is not a
 * member at all and gets the same 404 as for an unknown id). The refusal is written on its own, so
 * it stays when the request fails.
 */
export async function revealTestAccount(deps: TestAccountDeps, caller: Caller, input: AuditOrigin & { accountId: string }): Promise<Outcome<RevealedTestAccount>> {
  const account = await findTestAccount(deps.db, input.accountId);
  if (!account) return fail('NOT_FOUND', 'No such test account.');
  const role = await caller.roleIn(account.projectId);
  const audit = { projectId: account.projectId, ...auditActorOf(caller.principal), target: account.id, ip: input.ip };
  if (!role || !mayReveal(account, role)) {
    await recordAudit(deps.db, { ...audit, action: 'test_account.reveal_refused', details: { service: account.service, role, reason: role ? 'role-not-allowed' : 'not-a-member' } });
    return role ? fail('FORBIDDEN', `Your role (${role}) may not reveal this account; it allows ${account.revealRoles.join(', ')}.`) : fail('NOT_FOUND', 'No such test account.');
  }
  const secrets = openSecrets(deps.vault, account);
  await deps.db.transaction(async (tx) => {
    await markRevealed(tx, account.id);
    await recordAudit(tx, { ...audit, action: 'test_account.revealed', details: { service: account.service, role, fields: { password: secrets.password !== null, totp: secrets.totpSeed !== null, notes: secrets.notes !== null } } });
  });
  const seed = secrets.totpSeed ? decodeBase32(secrets.totpSeed) : null;
  const nowMs = (deps.now ?? Date.now)();
  const previous = withoutExpiredPrevious(secrets, nowMs);
  return ok({
    id: account.id,
    service: account.service,
    username: account.username,
    password: secrets.password,
    totpSeed: secrets.totpSeed,
    notes: secrets.notes,
    // The rotator's URL is configuration, not a credential of the account: never revealed.
    previousPassword: previous.previousPassword,
    previousPasswordUntil: previous.previousPasswordUntil,
    totp: seed ? totpAt(seed, nowMs) : null,
  });
}
