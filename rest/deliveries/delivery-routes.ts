import { type Request, Router } from 'express';
import type { DeliveryAdminDeps } from '../../operations/deliveries/delivery-admin-deps.js';
import { listProjectDeliveries } from '../../operations/deliveries/list-project-deliveries.js';
import { retryDeadDeliveries } from '../../operations/deliveries/retry-dead-deliveries.js';
import { retryDelivery } from '../../operations/deliveries/retry-delivery.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { listDeliveriesQuery, presentDelivery, retryDeadBody } from './schemas.js';

/** `/api/projects/:projectId/deliveries`: where the project's events went, for owners and admins; dead ones can be sent again. */
export function deliveryRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('integrations.manage'));
  const ctx = (req: Request) => {
    const context = projectContext(req, deps);
    const ops: DeliveryAdminDeps = { ...context.ops, requestSend: deps.requestDeliverySend };
    return { ...context, ops };
  };

  router.get('/', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    const query = parse(listDeliveriesQuery, req.query);
    const page = unwrap(await listProjectDeliveries(ops, caller, { projectId, status: query.status, channel: query.channel, destination: query.integrationId, limit: query.limit, cursor: query.cursor }));
    sendData(res, { items: page.items.map(presentDelivery), next: page.next });
  });

  router.post('/retry-dead', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const { integrationId } = parse(retryDeadBody, req.body);
    sendData(res, unwrap(await retryDeadDeliveries(ops, caller, { projectId, integrationId, ip })));
  });

  router.post('/:deliveryId/retry', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, presentDelivery(unwrap(await retryDelivery(ops, caller, { projectId, deliveryId: String(req.params.deliveryId), ip }))));
  });

  return router;
}
