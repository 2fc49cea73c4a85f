import { type Request, Router } from 'express';
import { systemUrlPolicy } from '../../operations/integrations/destination-url.js';
import { createIntegration } from '../../operations/integrations/create-integration.js';
import { deleteIntegration } from '../../operations/integrations/delete-integration.js';
import type { IntegrationDeps } from '../../operations/integrations/integration-deps.js';
import { getIntegration, listIntegrations } from '../../operations/integrations/list-integrations.js';
import { testIntegration } from '../../operations/integrations/test-integration.js';
import { updateIntegration } from '../../operations/integrations/update-integration.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { createIntegrationBody, presentIntegration, updateIntegrationBody } from './schemas.js';

/** `/api/projects/:projectId/integrations`: owners and admins; `allow()` refuses before the body is read, the operations check again. */
export function integrationRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('integrations.manage'));
  const urls = systemUrlPolicy(deps.config.integrations.allowPrivateUrls);
  const ctx = (req: Request) => {
    const context = projectContext(req, deps);
    const ops: IntegrationDeps = { ...context.ops, secrets: deps.secrets, urls };
    return { ...context, ops };
  };
  const integrationId = (req: Request) => String(req.params.integrationId);

  router.get('/', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    const list = unwrap(await listIntegrations(ops, caller, { projectId }));
    sendData(res, list.map(presentIntegration), { meta: { total: list.length } });
  });

  router.post('/', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const input = parse(createIntegrationBody, req.body);
    sendData(res, presentIntegration(unwrap(await createIntegration(ops, caller, { ...input, projectId, ip }))), { status: 201 });
  });

  router.get('/:integrationId', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, presentIntegration(unwrap(await getIntegration(ops, caller, { projectId, integrationId: integrationId(req) }))));
  });

  router.patch('/:integrationId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const input = parse(updateIntegrationBody, req.body);
    sendData(res, presentIntegration(unwrap(await updateIntegration(ops, caller, { ...input, projectId, integrationId: integrationId(req), ip }))));
  });

  router.post('/:integrationId/test', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, unwrap(await testIntegration(ops, caller, { projectId, integrationId: integrationId(req) })));
  });

  router.delete('/:integrationId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, unwrap(await deleteIntegration(ops, caller, { projectId, integrationId: integrationId(req), ip })));
  });

  return router;
}
