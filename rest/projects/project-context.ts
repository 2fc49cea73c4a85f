import type { Request } from 'express';
import type { Caller } from '../../operations/caller.js';
import type { OperationDeps } from '../../operations/dependencies.js';
import type { RestDependencies } from '../dependencies.js';
import { currentProject } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext } from '../operation-response.js';

export interface ProjectContext {
  ops: OperationDeps;
  caller: Caller;
  /** As `projectAccess` normalised it. */
  projectId: string;
  /** For the audit records the operation writes. */
  ip: string;
}

/**
 * What a route under `/api/projects/:projectId` hands its operation. The operation asks
 * `caller.roleIn(projectId)` like any caller's and decides what the role allows; here that
 * answer is the role `projectAccess` already resolved for this request, not a second look-up.
 */
export function projectContext(req: Request, deps: RestDependencies): ProjectContext {
  const { ops, caller } = operationContext(req, deps);
  const project = currentProject(req);
  const roleIn: Caller['roleIn'] = (projectId) => (projectId === project.id ? Promise.resolve(project.role) : caller.roleIn(projectId));
  return { ops, caller: { ...caller, roleIn }, projectId: project.id, ip: clientIp(req) };
}
