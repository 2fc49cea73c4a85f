import { type AuditRecord, listAudit as readAudit } from '../../identity/audit.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from './require-project-role.js';

/** A project's audit log, newest first; `before` is the id of the last record of the previous page. Owners only. */
export async function listAudit(deps: OperationDeps, caller: Caller, input: { projectId: string; limit: number; before?: string | undefined }): Promise<Outcome<AuditRecord[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'audit.read');
  if (!access.ok) return access;
  return ok(await readAudit(deps.db, access.value.projectId, { limit: input.limit, before: input.before }));
}
