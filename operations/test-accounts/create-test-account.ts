import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../identity/audit.js';
import { can } from '../../identity/roles.js';
import { type TestAccountEnvironment, countTestAccounts, insertTestAccount } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { checkRotationPolicy } from './rotation-policy.js';
import { DEFAULT_REVEAL_ROLES, NO_SECRETS, type RevealRole, type TestAccountDeps, type TestAccountView, normalizeRevealRoles, sealSecrets, toTestAccountView } from './test-account.js';

/** Plenty for a team's shared logins; past it, something is filling the table. */
export const MAX_TEST_ACCOUNTS_PER_PROJECT = 500;

export interface CreateTestAccountInput extends AuditOrigin {
  projectId: string;
  service: string;
  username: string;
  environment: TestAccountEnvironment;
  /** In clear; sealed before anything is stored. */
  password?: string | null | undefined;
  /** Base32, normalised and checked at the edge. */
  totpSeed?: string | null | undefined;
  notes?: string | null | undefined;
  /** Only owners and admins may choose (others get the default: owners and admins). */
  revealRoles?: readonly RevealRole[] | undefined;
  /** The rotation policy (owners and admins): every so many days, through a rotator webhook or a reminder. */
  rotationDays?: number | null | undefined;
  rotatorUrl?: string | null | undefined;
}

/** Adds an account (editors and above); its secrets are sealed under a fresh data key, the audit records what else was set. */
export async function createTestAccount(deps: TestAccountDeps, caller: Caller, input: CreateTestAccountInput): Promise<Outcome<TestAccountView>> {
  const access = await requireProjectRole(caller, input.projectId, 'testAccounts.write');
  if (!access.ok) return access;
  const { projectId, role } = access.value;
  if (input.revealRoles !== undefined && !can(role, 'testAccounts.manage')) return fail('FORBIDDEN', 'Only owners and admins choose who may reveal an account.');
  const revealRoles = normalizeRevealRoles(input.revealRoles ?? DEFAULT_REVEAL_ROLES);
  const policy = { rotationDays: input.rotationDays ?? null, rotatorUrl: input.rotatorUrl || null };
  const checked = await checkRotationPolicy(deps, role, { rotationDays: policy.rotationDays, hasRotator: policy.rotatorUrl !== null, newRotatorUrl: policy.rotatorUrl }, policy.rotationDays !== null || policy.rotatorUrl !== null);
  if (!checked.ok) return checked;
  const secrets = { ...NO_SECRETS, password: input.password || null, totpSeed: input.totpSeed || null, notes: input.notes || null, rotatorUrl: policy.rotatorUrl };
  const id = randomUUID();
  const envelope = sealSecrets(deps.vault, { id, projectId }, secrets);
  const created = await deps.db.transaction(async (tx) => {
    // Counted in the transaction that inserts: two racing creates may both pass, by one at most each.
    if ((await countTestAccounts(tx, projectId)) >= MAX_TEST_ACCOUNTS_PER_PROJECT) return null;
    const account = await insertTestAccount(tx, {
      id,
      projectId,
      service: input.service,
      username: input.username,
      environment: input.environment,
      revealRoles,
      hasPassword: secrets.password !== null,
      hasTotp: secrets.totpSeed !== null,
      hasNotes: secrets.notes !== null,
      envelope,
      rotationDays: policy.rotationDays,
      hasRotator: policy.rotatorUrl !== null,
      createdBy: caller.principal.type === 'user' ? caller.principal.user.id : caller.principal.createdBy,
    });
    await recordAudit(tx, {
      action: 'test_account.created',
      projectId,
      ...auditActorOf(caller.principal),
      target: account.id,
      details: { service: input.service, username: input.username, environment: input.environment, revealRoles, rotationDays: policy.rotationDays, hasRotator: policy.rotatorUrl !== null, hasPassword: account.hasPassword, hasTotp: account.hasTotp, hasNotes: account.hasNotes },
      ip: input.ip,
    });
    return account;
  });
  if (!created) return fail('CONFLICT', `A project has at most ${MAX_TEST_ACCOUNTS_PER_PROJECT} test accounts; delete one first.`);
  return ok(toTestAccountView(created, role));
}
