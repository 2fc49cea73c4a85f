import type { Operation } from '../openapi/operations.js';
import { billingAccountBody, billingAccountQuery, billingAccountResponse } from './account-schemas.js';
import { createInvoiceBody, finalizeInvoiceBody, invoiceListResponse, invoiceResponse, listInvoicesQuery, markPaidBody } from './invoice-schemas.js';

const invoices = '/api/invoices';
const invoice = `${invoices}/{invoiceId}`;
const common = { tag: 'billing', auth: true } as const;

/** Invoices and the billing account: owners and admins only (billing.read / billing.manage). */
export const INVOICE_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/billing/account', operationId: 'getBillingAccount', summary: "The project's billing settings: who is billed, tax country and id, currency, branding, milestone billing (made with defaults on first use)", query: billingAccountQuery, response: billingAccountResponse, success: { status: 200, description: 'The settings' } },
  { ...common, method: 'put', path: '/api/billing/account', operationId: 'updateBillingAccount', summary: 'Replace the billing settings (audited). The logo is a PNG or JPEG asset of the same project; milestoneStage is a pipeline stage; amounts are integer minor units', body: billingAccountBody, response: billingAccountResponse, success: { status: 200, description: 'The saved settings' } },
  { ...common, method: 'get', path: invoices, operationId: 'listInvoices', summary: "A project's invoices, newest first, optionally of one status", query: listInvoicesQuery, response: invoiceListResponse, success: { status: 200, description: 'A page of invoices; meta has total, page, limit' } },
  { ...common, method: 'post', path: invoices, operationId: 'createInvoice', summary: 'A manual invoice: lines of integer minor units, tax from the rate table (reverse charge for EU B2B), numbered without gaps; a draft, or open when finalize=true', body: createInvoiceBody, response: invoiceResponse, idempotent: true, success: { status: 201, description: 'The invoice' } },
  { ...common, method: 'get', path: invoice, operationId: 'getInvoice', summary: 'One invoice with its lines', response: invoiceResponse, success: { status: 200, description: 'The invoice' } },
  { ...common, method: 'get', path: `${invoice}/pdf`, operationId: 'getInvoicePdf', summary: 'The invoice as a branded PDF (logo, accent colour, addresses, lines, totals, reverse-charge note, paid stamp)', success: { status: 200, description: 'The PDF, as an attachment', contentType: 'application/pdf' } },
  { ...common, method: 'post', path: `${invoice}/finalize`, operationId: 'finalizeInvoice', summary: 'Issue a draft: draft → open, issued now, due dueInDays (default 30) later', body: finalizeInvoiceBody, response: invoiceResponse, success: { status: 200, description: 'The open invoice' }, errors: ['INVALID_TRANSITION'] },
  { ...common, method: 'post', path: `${invoice}/void`, operationId: 'voidInvoice', summary: 'Void a draft or an unpaid open invoice; its number stays used', response: invoiceResponse, success: { status: 200, description: 'The void invoice' }, errors: ['INVALID_TRANSITION'] },
  { ...common, method: 'post', path: `${invoice}/mark-paid`, operationId: 'markInvoicePaid', summary: 'A bank transfer arrived: records what is due as a bank_transfer payment with its reference and marks the invoice paid', body: markPaidBody, response: invoiceResponse, success: { status: 200, description: 'The paid invoice' }, errors: ['INVALID_TRANSITION'] },
];
