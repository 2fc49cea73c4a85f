import { normalizedUuid } from '../../identity/projects.js';
import type { ProjectAction } from '../../identity/roles.js';
import type { Queryable } from '../../platform/db/database.js';
import { type StoredTestAccount, getTestAccount } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ProjectAccess, requireProjectRole } from '../projects/require-project-role.js';

const NO_SUCH_ACCOUNT = 'No such test account.';

/** The account, by id, whatever the caller: for the reveal, which records refusals before answering. */
export async function findTestAccount(db: Queryable, accountId: string, options: { forUpdate?: boolean } = {}): Promise<StoredTestAccount | null> {
  const id = normalizedUuid(accountId);
  return id ? getTestAccount(db, id, options) : null;
}

/**
 * One account of a project where the caller's role allows `need`. An unknown id and an account of a
 * project the caller is not a member of are one answer (404), so ids reveal nothing.
 */
export async function requireTestAccount(db: Queryable, caller: Caller, accountId: string, need: ProjectAction): Promise<Outcome<{ access: ProjectAccess; account: StoredTestAccount }>> {
  const account = await findTestAccount(db, accountId);
  if (!account) return fail('NOT_FOUND', NO_SUCH_ACCOUNT);
  const access = await requireProjectRole(caller, account.projectId, need);
  if (!access.ok) return access.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', NO_SUCH_ACCOUNT) : access;
  return ok({ access: access.value, account });
}
