import { normalizedUuid } from '../../../identity/projects.js';
import type { ProjectAction } from '../../../identity/roles.js';
import type { Queryable } from '../../../platform/db/database.js';
import { type StoredInvoice, findInvoice } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type ProjectAccess, requireProjectRole } from '../../projects/require-project-role.js';

/**
 * The caller's access to one invoice: not a member, another project's invoice and an unknown id
 * are one 404. The project comes from the invoice itself (its id is the route's only key), and the
 * caller's role in that project decides; `forUpdate` locks it in the caller's transaction.
 */
export async function requireInvoice(db: Queryable, caller: Caller, invoiceId: string, need: ProjectAction, options: { forUpdate?: boolean } = {}): Promise<Outcome<{ access: ProjectAccess; invoice: StoredInvoice }>> {
  const id = normalizedUuid(invoiceId);
  if (!id) return fail('NOT_FOUND', 'No such invoice.');
  const { rows } = await db.query<{ project_id: string }>('SELECT project_id FROM invoices WHERE id = $1', [id]);
  const projectId = rows[0]?.project_id;
  if (!projectId) return fail('NOT_FOUND', 'No such invoice.');
  const access = await requireProjectRole(caller, projectId, need);
  if (!access.ok) return access.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', 'No such invoice.') : access;
  const invoice = await findInvoice(db, projectId, id, options);
  if (!invoice) return fail('NOT_FOUND', 'No such invoice.');
  return ok({ access: access.value, invoice });
}
