import { recordAudit } from '../../identity/audit.js';
import { can } from '../../identity/roles.js';
import { type TestAccountEnvironment, updateTestAccount as writeTestAccount } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { findTestAccount, requireTestAccount } from './test-account-access.js';
import { checkRotationPolicy, withoutExpiredPrevious } from './rotation-policy.js';
import { NO_SECRETS, type RevealRole, type TestAccountDeps, type TestAccountSecrets, type TestAccountView, normalizeRevealRoles, openSecrets, sealSecrets, toTestAccountView } from './test-account.js';

/** Absent fields stay; a secret given as null (or empty) is cleared. */
export interface UpdateTestAccountInput extends AuditOrigin {
  accountId: string;
  /** The version read; a different one now answers VERSION_CONFLICT. Optional: without it the last write wins. */
  version?: number | undefined;
  service?: string | undefined;
  username?: string | undefined;
  environment?: TestAccountEnvironment | undefined;
  password?: string | null | undefined;
  totpSeed?: string | null | undefined;
  notes?: string | null | undefined;
  revealRoles?: readonly RevealRole[] | undefined;
  /** The rotation policy (owners and admins); null clears it. */
  rotationDays?: number | null | undefined;
  rotatorUrl?: string | null | undefined;
}

const SECRET_FIELDS = ['password', 'totpSeed', 'notes', 'rotatorUrl'] as const;

/**
 * Changes an account (editors and above; who may reveal it only owners and admins). A change of any
 * secret re-seals them all under a fresh data key and the current master key; the caller never
 * sees the old values, so an editor may replace a password they are not allowed to read.
 */
export async function updateTestAccount(deps: TestAccountDeps, caller: Caller, input: UpdateTestAccountInput): Promise<Outcome<TestAccountView>> {
  const found = await requireTestAccount(deps.db, caller, input.accountId, 'testAccounts.write');
  if (!found.ok) return found;
  const { role } = found.value.access;
  if (input.revealRoles !== undefined && !can(role, 'testAccounts.manage')) return fail('FORBIDDEN', 'Only owners and admins choose who may reveal an account.');
  const secretsChange = SECRET_FIELDS.some((field) => input[field] !== undefined);
  const changingPolicy = input.rotationDays !== undefined || input.rotatorUrl !== undefined;
  const stored = found.value.account.rotation;
  // The policy as it will be: what is given, else what is stored (whether a rotator is set is known without opening the secrets).
  const checked = await checkRotationPolicy(
    deps,
    role,
    { rotationDays: input.rotationDays === undefined ? stored.days : input.rotationDays, hasRotator: input.rotatorUrl === undefined ? stored.hasRotator : Boolean(input.rotatorUrl), newRotatorUrl: input.rotatorUrl || null },
    changingPolicy,
  );
  if (!checked.ok) return checked;
  const nowMs = (deps.now ?? Date.now)();
  const result = await deps.db.transaction(async (tx) => {
    // Read again under lock: secrets are merged with what is stored, never with what was read before.
    const current = await findTestAccount(tx, found.value.account.id, { forUpdate: true });
    if (!current) return { kind: 'gone' as const };
    if (input.version !== undefined && input.version !== current.version) return { kind: 'conflict' as const, current };
    let envelope = current.envelope;
    let passwordChanged = false;
    let secrets: TestAccountSecrets = NO_SECRETS;
    const changed: string[] = [];
    if (secretsChange) {
      const before = openSecrets(deps.vault, current);
      secrets = { ...before };
      for (const field of SECRET_FIELDS) {
        const value = input[field];
        if (value === undefined) continue;
        secrets[field] = value || null;
        if (secrets[field] !== before[field]) changed.push(field);
      }
      passwordChanged = secrets.password !== before.password;
      envelope = sealSecrets(deps.vault, current, withoutExpiredPrevious(secrets, nowMs));
    }
    const revealRoles = input.revealRoles ? normalizeRevealRoles(input.revealRoles) : current.revealRoles;
    const plain = { service: input.service ?? current.service, username: input.username ?? current.username, environment: input.environment ?? current.environment };
    for (const field of ['service', 'username', 'environment'] as const) if (plain[field] !== current[field]) changed.push(field);
    if (revealRoles.join(',') !== current.revealRoles.join(',')) changed.push('revealRoles');
    const rotationDays = input.rotationDays === undefined ? current.rotation.days : input.rotationDays;
    const hasRotator = input.rotatorUrl === undefined ? current.rotation.hasRotator : Boolean(input.rotatorUrl);
    const policyChanged = rotationDays !== current.rotation.days || changed.includes('rotatorUrl');
    if (rotationDays !== current.rotation.days) changed.push('rotationDays');
    const account = await writeTestAccount(tx, current.id, {
      ...plain,
      revealRoles,
      hasPassword: secretsChange ? secrets.password !== null : current.hasPassword,
      hasTotp: secretsChange ? secrets.totpSeed !== null : current.hasTotp,
      hasNotes: secretsChange ? secrets.notes !== null : current.hasNotes,
      envelope,
      passwordChanged,
      policyChanged,
      rotationDays,
      hasRotator,
    });
    // Which fields changed, and the new plain values; secrets by name only.
    await recordAudit(tx, {
      action: 'test_account.updated',
      projectId: account.projectId,
      ...auditActorOf(caller.principal),
      target: account.id,
      details: { changed, service: account.service, username: account.username, environment: account.environment, revealRoles, rotationDays, hasRotator },
      ip: input.ip,
    });
    return { kind: 'updated' as const, account };
  });
  switch (result.kind) {
    case 'gone':
      return fail('NOT_FOUND', 'No such test account.');
    case 'conflict':
      return fail('VERSION_CONFLICT', `The account changed meanwhile (now version ${result.current.version}); read it again.`, { version: result.current.version });
    case 'updated':
      return ok(toTestAccountView(result.account, role));
  }
}
