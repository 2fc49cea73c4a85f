import { Router } from 'express';
import { confirmCardSetup } from '../../operations/billing/payments/confirm-card-setup.js';
import { listPaymentMethods } from '../../operations/billing/payments/list-payment-methods.js';
import { processPayment } from '../../operations/billing/payments/process-payment.js';
import { removePaymentMethod } from '../../operations/billing/payments/remove-payment-method.js';
import { setDefaultPaymentMethod } from '../../operations/billing/payments/set-default-payment-method.js';
import { startCardSetup } from '../../operations/billing/payments/start-card-setup.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { paymentContext } from './payment-context.js';
import { confirmSetupBody, idempotencyKeyHeader, methodParams, processPaymentBody, projectBody, projectQuery } from './payment-schemas.js';

/** `/api/payments`: saved cards (through Stripe Elements: no card data here) and payments. Owners and admins. */
export function paymentRoutes(deps: RestDependencies): Router {
  const router = Router();

  router.get('/methods', async (req, res) => {
    const { payments, caller } = paymentContext(req, deps);
    // The publishable key rides along: the page needs it for Stripe Elements and 3-D Secure.
    sendData(res, unwrap(await listPaymentMethods(payments, caller, parse(projectQuery, req.query))), { meta: { publishableKey: payments.publishableKey } });
  });

  router.post('/methods', async (req, res) => {
    const { payments, caller } = paymentContext(req, deps);
    sendData(res, unwrap(await startCardSetup(payments, caller, parse(projectBody, req.body))), { status: 201 });
  });

  router.post('/methods/confirm', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    sendData(res, unwrap(await confirmCardSetup(payments, caller, { ...parse(confirmSetupBody, req.body), ip })), { status: 201 });
  });

  router.put('/methods/:id/default', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    const { projectId } = parse(projectBody, req.body);
    sendData(res, unwrap(await setDefaultPaymentMethod(payments, caller, { projectId, methodId: parse(methodParams, req.params).id, ip })));
  });

  router.delete('/methods/:id', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    const { projectId } = parse(projectQuery, req.query);
    sendData(res, unwrap(await removePaymentMethod(payments, caller, { projectId, methodId: parse(methodParams, req.params).id, ip })));
  });

  router.post('/process', async (req, res) => {
    const { payments, caller, ip } = paymentContext(req, deps);
    const idempotencyKey = parse(idempotencyKeyHeader, req.get('idempotency-key') ?? null);
    const body = parse(processPaymentBody, req.body);
    sendData(res, unwrap(await processPayment(payments, caller, { ...body, idempotencyKey, ip })), { status: 201 });
  });

  return router;
}
