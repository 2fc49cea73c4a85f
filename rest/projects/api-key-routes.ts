import { Router } from 'express';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../identity/api-keys.js';
import { recordAudit } from '../../identity/audit.js';
import { API_KEY_ROLES, outranks } from '../../identity/roles.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { actorOf, allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { uuidParam } from '../ids.js';
import { userText } from '../text.js';
import { parse } from '../validate.js';

export const createApiKeyBody = z
  .object({ name: userText().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'), role: z.enum(API_KEY_ROLES) })
  .strict();

/** `/api/projects/:projectId/api-keys`. */
export function apiKeyRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('apiKeys.manage'));

  router.get('/', async (req, res) => {
    const keys = await listApiKeys(deps.db, currentProject(req).id);
    sendData(res, keys, { meta: { total: keys.length } });
  });

  router.post('/', async (req, res) => {
    const project = currentProject(req);
    const input = parse(createApiKeyBody, req.body);
    const actor = actorOf(req);
    if (!actor.actorUserId) throw new AppError('FORBIDDEN', 'API keys are created by a signed-in person, not by another key.');
    // A key may not carry more rights than the person who creates it (and never acts with more than they have later: see Verifier).
    if (outranks(input.role, project.role)) throw new AppError('FORBIDDEN', `You cannot create a key with more rights (${input.role}) than your own (${project.role}).`);
    const created = await deps.db.transaction(async (tx) => {
      const result = await createApiKey(tx, { projectId: project.id, name: input.name, role: input.role, createdBy: actor.actorUserId! });
      await recordAudit(tx, { action: 'api_key.created', projectId: project.id, ...actor, target: result.apiKey.id, details: { name: input.name, role: input.role }, ip: clientIp(req) });
      return result;
    });
    // The secret is in this response and nowhere else, ever.
    sendData(res, { ...created.apiKey, secret: created.secret }, { status: 201 });
  });

  router.delete('/:keyId', async (req, res) => {
    const project = currentProject(req);
    const keyId = uuidParam(req.params.keyId);
    const revoked = await deps.db.transaction(async (tx) => {
      const key = keyId ? await revokeApiKey(tx, project.id, keyId) : null;
      if (key) await recordAudit(tx, { action: 'api_key.revoked', projectId: project.id, ...actorOf(req), target: key.id, details: { name: key.name }, ip: clientIp(req) });
      return key;
    });
    if (!revoked) throw new AppError('NOT_FOUND', 'No such API key.');
    deps.identity.events.emit({ type: 'apiKeyRevoked', projectId: project.id, apiKeyId: revoked.id });
    sendData(res, { id: revoked.id, revoked: true });
  });

  return router;
}
