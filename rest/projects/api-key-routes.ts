import { type Request, Router } from 'express';
import { createApiKey } from '../../operations/api-keys/create-api-key.js';
import { listApiKeys } from '../../operations/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../operations/api-keys/revoke-api-key.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { createApiKeyBody, presentApiKey, presentCreatedApiKey } from './api-key-schemas.js';
import { projectContext } from './project-context.js';

/** `/api/projects/:projectId/api-keys`; `allow()` refuses before the body is read, the operations check again. */
export function apiKeyRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('apiKeys.manage'));
  const ctx = (req: Request) => projectContext(req, deps);

  router.get('/', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    const keys = unwrap(await listApiKeys(ops, caller, { projectId }));
    sendData(res, keys.map(presentApiKey), { meta: { total: keys.length } });
  });

  router.post('/', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const input = parse(createApiKeyBody, req.body);
    // The secret is in this response and nowhere else, ever.
    sendData(res, presentCreatedApiKey(unwrap(await createApiKey(ops, caller, { projectId, ...input, ip }))), { status: 201 });
  });

  router.delete('/:keyId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, unwrap(await revokeApiKey(ops, caller, { projectId, keyId: String(req.params.keyId), ip })));
  });

  return router;
}
