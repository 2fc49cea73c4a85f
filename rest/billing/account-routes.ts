import { Router } from 'express';
import { getBillingAccount } from '../../operations/billing/invoices/get-billing-account.js';
import { updateBillingAccount } from '../../operations/billing/invoices/update-billing-account.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { billingAccountBody, billingAccountQuery, presentBillingAccount } from './account-schemas.js';
import { invoiceContext } from './invoice-routes.js';

/** `/api/billing/account`: a project's billing settings (owners and admins). */
export function billingAccountRoutes(deps: RestDependencies): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { ops, caller } = invoiceContext(req, deps);
    const { projectId } = parse(billingAccountQuery, req.query);
    sendData(res, presentBillingAccount(unwrap(await getBillingAccount(ops, caller, { projectId }))));
  });

  router.put('/', async (req, res) => {
    const { ops, caller, ip } = invoiceContext(req, deps);
    const { projectId, ...fields } = parse(billingAccountBody, req.body);
    sendData(res, presentBillingAccount(unwrap(await updateBillingAccount(ops, caller, { projectId, fields, ip }))));
  });

  return router;
}
