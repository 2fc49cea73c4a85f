import { Router } from 'express';
import { cancelSubscription } from '../../operations/billing/payments/cancel-subscription.js';
import { changeSubscription } from '../../operations/billing/payments/change-subscription.js';
import { getSubscription } from '../../operations/billing/payments/get-subscription.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { paymentContext } from './payment-context.js';
import { projectQuery, subscriptionBody } from './payment-schemas.js';

/** `/api/billing/subscription`: the project's plan (read: owners and admins; change and cancel likewise). */
export function subscriptionRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { payments, caller } = paymentContext(req, deps);
    sendData(res, unwrap(await getSubscription(payments, caller, parse(projectQuery, req.query))));
  });
  router.put('/', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    sendData(res, unwrap(await changeSubscription(payments, caller, { ...parse(subscriptionBody, req.body), ip })));
  });
  router.delete('/', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    sendData(res, unwrap(await cancelSubscription(payments, caller, { ...parse(projectQuery, req.query), ip })));
  });
  return router;
}
