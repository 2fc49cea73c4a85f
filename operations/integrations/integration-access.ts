import { normalizedUuid } from '../../identity/projects.js';
import { getIntegration } from '../../storage/integrations.js';
import type { Queryable } from '../../platform/db/database.js';
import type { StoredIntegration } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ProjectAccess, requireProjectRole } from '../projects/require-project-role.js';

/** Integrations are managed by those the role table lets (owners and admins); the project must be the caller's to see. */
export function requireIntegrationManager(caller: Caller, projectId: string): Promise<Outcome<ProjectAccess>> {
  return requireProjectRole(caller, projectId, 'integrations.manage');
}

/** One integration of a project the caller manages; another project's id reads as not found. */
export async function requireIntegration(db: Queryable, caller: Caller, projectId: string, integrationId: string): Promise<Outcome<{ access: ProjectAccess; integration: StoredIntegration }>> {
  const access = await requireIntegrationManager(caller, projectId);
  if (!access.ok) return access;
  const id = normalizedUuid(integrationId);
  const integration = id ? await getIntegration(db, id) : null;
  if (!integration || integration.projectId !== access.value.projectId) return fail('NOT_FOUND', 'No such integration in this project.');
  return ok({ access: access.value, integration });
}
