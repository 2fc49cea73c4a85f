import { normalizedUuid } from '../../identity/projects.js';
import type { NextFunction, Request, Response } from 'express';
import { type ProjectAction, type ProjectRole, can } from '../../identity/roles.js';
import type { Verifier } from '../../identity/verifier.js';
import { AppError } from '../../platform/app-error.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      project?: { id: string; role: ProjectRole };
    }
  }
}

/**
 * Resolves the caller's role in `:projectId`. Not a member answers 404, exactly like a project
 * that does not exist, so ids of other people's projects reveal nothing. Every project route
 * reads the id from here (`currentProject`), normalised, never from `req.params`.
 */
export function projectAccess(verifier: Verifier) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const projectId = normalizedUuid(req.params.projectId);
    const role = projectId && req.auth ? await verifier.roleIn(req.auth.principal, projectId) : null;
    if (!projectId || !role) throw new AppError('NOT_FOUND', 'No such project.');
    req.project = { id: projectId, role };
    next();
  };
}

/** Asks the role table, never a role string, whether the caller may do `action` here. */
export function allow(action: ProjectAction) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!can(req.project?.role, action)) throw new AppError('FORBIDDEN', `Your role in this project does not allow ${action}.`);
    next();
  };
}

export function currentProject(req: Request): { id: string; role: ProjectRole } {
  if (!req.project) throw new Error('projectAccess() must run before this handler');
  return req.project;
}

/** Who did it, for the audit log. */
export function actorOf(req: Request): { actorUserId: string | null; actorApiKeyId: string | null } {
  const principal = req.auth?.principal;
  if (principal?.type === 'user') return { actorUserId: principal.user.id, actorApiKeyId: null };
  if (principal?.type === 'apiKey') return { actorUserId: null, actorApiKeyId: principal.apiKeyId };
  return { actorUserId: null, actorApiKeyId: null };
}
