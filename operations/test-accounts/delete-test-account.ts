import { recordAudit } from '../../identity/audit.js';
import { deleteTestAccount as removeTestAccount } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireTestAccount } from './test-account-access.js';
import type { TestAccountDeps } from './test-account.js';

/** Removes an account and its sealed secrets (owners and admins: credentials a team relies on do not vanish by an editor's click). */
export async function deleteTestAccount(deps: Pick<TestAccountDeps, 'db'>, caller: Caller, input: AuditOrigin & { accountId: string }): Promise<Outcome<{ id: string; deleted: true }>> {
  const found = await requireTestAccount(deps.db, caller, input.accountId, 'testAccounts.manage');
  if (!found.ok) return found;
  const { account } = found.value;
  await deps.db.transaction(async (tx) => {
    if (!(await removeTestAccount(tx, account.id))) return;
    await recordAudit(tx, {
      action: 'test_account.deleted',
      projectId: account.projectId,
      ...auditActorOf(caller.principal),
      target: account.id,
      details: { service: account.service, username: account.username, environment: account.environment },
      ip: input.ip,
    });
  });
  return ok({ id: account.id, deleted: true });
}
