import { z } from 'zod';
import { listTestAccounts as listStored } from '../../storage/test-accounts.js';
import type { Caller } from '../caller.js';
import type { Page } from '../pages.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { requireTestAccount } from './test-account-access.js';
import { type TestAccountDeps, type TestAccountView, toTestAccountView } from './test-account.js';

const cursorShape = z.object({ s: z.string().max(400), i: z.uuid() }).strict();

/** A project's accounts by service, without secrets (editors and above); cursor pages (`next`). */
export async function listTestAccounts(deps: Pick<TestAccountDeps, 'db'>, caller: Caller, query: { projectId: string; limit: number; cursor?: string | undefined }): Promise<Outcome<Page<TestAccountView>>> {
  const access = await requireProjectRole(caller, query.projectId, 'testAccounts.read');
  if (!access.ok) return access;
  let after: { service: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    try {
      const parsed = cursorShape.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
      after = { service: parsed.s, id: parsed.i };
    } catch {
      return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'is not one this API gave out' }]);
    }
  }
  const page = await listStored(deps.db, access.value.projectId, { limit: query.limit, after });
  return ok({
    items: page.items.map((account) => toTestAccountView(account, access.value.role)),
    next: page.next ? Buffer.from(JSON.stringify({ s: page.next.service, i: page.next.id })).toString('base64url') : null,
  });
}

/** One account, without secrets. */
export async function getTestAccount(deps: Pick<TestAccountDeps, 'db'>, caller: Caller, input: { accountId: string }): Promise<Outcome<TestAccountView>> {
  const found = await requireTestAccount(deps.db, caller, input.accountId, 'testAccounts.read');
  if (!found.ok) return found;
  return ok(toTestAccountView(found.value.account, found.value.access.role));
}
