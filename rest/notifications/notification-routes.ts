import { Router } from 'express';
import { listNotifications, markNotificationsRead, unreadNotifications } from '../../operations/notifications/list-notifications.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { preferenceRoutes } from './preference-routes.js';
import { listNotificationsQuery, markReadBody } from './schemas.js';

/** `/api/notifications`: the signed-in person's in-app notifications. */
export function notificationRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const query = parse(listNotificationsQuery, req.query);
    sendData(res, unwrap(await listNotifications(ops, caller, { unreadOnly: query.unread ?? false, limit: query.limit, cursor: query.cursor })));
  });
  router.get('/unread-count', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await unreadNotifications(ops, caller)));
  });
  router.post('/read', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await markNotificationsRead(ops, caller, parse(markReadBody, req.body).ids)));
  });
  router.post('/read-all', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await markNotificationsRead(ops, caller, 'all')));
  });
  router.use('/preferences', preferenceRoutes(deps));
  return router;
}
