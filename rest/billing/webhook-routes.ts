import express, { Router } from 'express';
import { handleWebhook } from '../../operations/billing/payments/handle-webhook.js';
import { NO_PAYMENTS } from '../../operations/billing/payments/payment-services.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';

/** Stripe's events are small; anything larger is not Stripe's. */
const WEBHOOK_BODY_LIMIT = '512kb';

/**
 * `POST /api/payments/webhook`: mounted before the JSON body parser, since the signature is over
 * the exact bytes Stripe sent. No session: the signature is the authentication.
 */
export function paymentWebhookRoute(deps: RestDependencies): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = unwrap(await handleWebhook({ db: deps.db, logger: req.log, ...(deps.payments ?? NO_PAYMENTS) }, { rawBody, signature: req.get('stripe-signature') }));
    sendData(res, result);
  });
  return router;
}
