import { projectIdsOf } from '../identity/members.js';
import type { ProjectRole } from '../identity/roles.js';
import type { Principal, Verifier } from '../identity/verifier.js';
import type { Queryable } from '../platform/db/database.js';

/** Who calls an operation, and what they may see: REST builds one per request; workers and the AI their own. */
export interface Caller {
  principal: Principal;
  /** The caller's role in a project, or null (not a member, or no such project). */
  roleIn(projectId: string): Promise<ProjectRole | null>;
  /** The projects the caller can read: a person's memberships, an API key's own project. */
  projectIds(): Promise<string[]>;
}

export function callerFor(principal: Principal, verifier: Verifier, db: Queryable): Caller {
  return {
    principal,
    roleIn: (projectId) => verifier.roleIn(principal, projectId),
    projectIds: async () => (principal.type === 'apiKey' ? [principal.projectId] : projectIdsOf(db, principal.user.id)),
  };
}
