import type { Request } from 'express';
import type { PaymentDeps } from '../../operations/billing/payments/payment-deps.js';
import { NO_PAYMENTS } from '../../operations/billing/payments/payment-services.js';
import type { RestDependencies } from '../dependencies.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext } from '../operation-response.js';

/** What a payment route hands its operation: the payment services, the caller and where the request came from. */
export function paymentContext(req: Request, deps: RestDependencies) {
  const { caller } = operationContext(req, deps);
  const payments: PaymentDeps = { db: deps.db, logger: req.log, ...(deps.payments ?? NO_PAYMENTS) };
  return { payments, caller, ip: clientIp(req) };
}
