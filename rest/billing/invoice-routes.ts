import { type Request, Router } from 'express';
import { createInvoice } from '../../operations/billing/invoices/create-invoice.js';
import { finalizeInvoice } from '../../operations/billing/invoices/finalize-invoice.js';
import { getInvoice } from '../../operations/billing/invoices/get-invoice.js';
import type { InvoiceDeps } from '../../operations/billing/invoices/invoice-deps.js';
import { invoicePdf } from '../../operations/billing/invoices/invoice-pdf.js';
import { listInvoices } from '../../operations/billing/invoices/list-invoices.js';
import { markInvoicePaid } from '../../operations/billing/invoices/mark-invoice-paid.js';
import { voidInvoice } from '../../operations/billing/invoices/void-invoice.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { offsetOf } from '../pagination.js';
import { parse } from '../validate.js';
import { createInvoiceBody, finalizeInvoiceBody, listInvoicesQuery, markPaidBody, presentInvoice } from './invoice-schemas.js';

/** What invoice operations get from a request: the usual context, the seller and tax table, the blob store (logos). */
export function invoiceContext(req: Request, deps: RestDependencies) {
  const { ops, caller } = operationContext(req, deps);
  const invoiceDeps: InvoiceDeps = { ...ops, invoices: deps.config.invoices, blobs: deps.assets.blobs };
  return { ops: invoiceDeps, caller, ip: clientIp(req) };
}

/** `/api/invoices`: a project's invoices (owners and admins): list, create, finalize, void, mark paid, PDF. */
export function invoiceRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);

  router.get('/', async (req, res) => {
    const { ops, caller } = invoiceContext(req, deps);
    const query = parse(listInvoicesQuery, req.query);
    const { invoices, total } = unwrap(await listInvoices(ops, caller, { projectId: query.projectId, status: query.status, limit: query.limit, offset: offsetOf(query) }));
    sendData(res, invoices.map(presentInvoice), { meta: { total, page: query.page, limit: query.limit } });
  });

  router.post('/', once, async (req, res) => {
    const { ops, caller, ip } = invoiceContext(req, deps);
    const body = parse(createInvoiceBody, req.body);
    sendData(res, presentInvoice(unwrap(await createInvoice(ops, caller, { ...body, ip }))), { status: 201 });
  });

  router.get('/:invoiceId', async (req, res) => {
    const { ops, caller } = invoiceContext(req, deps);
    sendData(res, presentInvoice(unwrap(await getInvoice(ops, caller, { invoiceId: String(req.params.invoiceId) }))));
  });

  router.get('/:invoiceId/pdf', async (req, res) => {
    const { ops, caller } = invoiceContext(req, deps);
    const { fileName, bytes } = unwrap(await invoicePdf({ ...ops, logger: req.log }, caller, { invoiceId: String(req.params.invoiceId) }));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end(bytes);
  });

  router.post('/:invoiceId/finalize', async (req, res) => {
    const { ops, caller, ip } = invoiceContext(req, deps);
    const { dueInDays } = parse(finalizeInvoiceBody, req.body);
    sendData(res, presentInvoice(unwrap(await finalizeInvoice(ops, caller, { invoiceId: String(req.params.invoiceId), dueInDays, ip }))));
  });

  router.post('/:invoiceId/void', async (req, res) => {
    const { ops, caller, ip } = invoiceContext(req, deps);
    sendData(res, presentInvoice(unwrap(await voidInvoice(ops, caller, { invoiceId: String(req.params.invoiceId), ip }))));
  });

  router.post('/:invoiceId/mark-paid', async (req, res) => {
    const { ops, caller, ip } = invoiceContext(req, deps);
    const { reference } = parse(markPaidBody, req.body);
    sendData(res, presentInvoice(unwrap(await markInvoicePaid(ops, caller, { invoiceId: String(req.params.invoiceId), reference, ip }))));
  });

  return router;
}
