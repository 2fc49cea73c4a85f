import { z } from 'zod';
import type { InvoiceView } from '../../operations/billing/invoices/invoice-view.js';
import { MAX_AMOUNT_MINOR, MAX_DESCRIPTION, MAX_DUE_DAYS, MAX_LINES, MAX_QUANTITY, SUPPORTED_CURRENCIES } from '../../operations/billing/invoices/limits.js';
import { INVOICE_STATUSES } from '../../storage/billing/invoices.js';
import { pageQuery } from '../pagination.js';
import { userText } from '../text.js';

/** Integer minor units, never a float or a string: 1..10^12, far inside a JS number's exact range. */
export const amountMinor = z.number({ error: 'must be a number of minor units' }).int('must be a whole number of minor units').positive('must be positive').max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR}`);

/** ISO 4217 as Stripe writes it (lower case); upper case is accepted and lowered. */
export const currency = z
  .string()
  .max(3, `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`)
  .toLowerCase()
  .pipe(z.enum(SUPPORTED_CURRENCIES, { error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}` }));

const line = z
  .object({
    description: userText().trim().min(1, 'must not be empty').max(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`),
    quantity: z.number().int('must be a whole number').positive('must be positive').max(MAX_QUANTITY),
    unitAmountMinor: amountMinor,
  })
  .strict();

export const createInvoiceBody = z
  .object({
    projectId: z.string().max(100),
    currency: currency.optional(),
    lines: z.array(line).min(1, 'an invoice has at least one line').max(MAX_LINES, `at most ${MAX_LINES} lines`),
    dueInDays: z.number().int().min(0).max(MAX_DUE_DAYS).optional(),
    finalize: z.boolean().optional(),
  })
  .strict();

export const finalizeInvoiceBody = z.object({ dueInDays: z.number().int().min(0).max(MAX_DUE_DAYS).optional() }).strict();
export const markPaidBody = z.object({ reference: userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters') }).strict();

export const listInvoicesQuery = pageQuery.extend({
  projectId: z.string().max(100),
  status: z.enum(INVOICE_STATUSES).optional(),
});

const billTo = z.object({ legalName: z.string().nullable(), email: z.string().nullable(), address: z.string().nullable(), country: z.string().nullable(), taxId: z.string().nullable() });

export const invoiceResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  number: z.number().int(),
  displayNumber: z.string(),
  status: z.enum(INVOICE_STATUSES),
  currency: z.string(),
  subtotalMinor: z.number().int(),
  taxRateBp: z.number().int().describe('basis points: 1900 = 19 %'),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  amountPaidMinor: z.number().int(),
  amountDueMinor: z.number().int(),
  reverseCharge: z.boolean(),
  taxCountry: z.string().nullable(),
  billTo,
  source: z.enum(['manual', 'milestone']),
  lastPaymentError: z.string().nullable(),
  issuedAt: z.iso.datetime().nullable(),
  dueAt: z.iso.datetime().nullable(),
  paidAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  lines: z.array(z.object({ description: z.string(), quantity: z.number().int(), unitAmountMinor: z.number().int(), amountMinor: z.number().int() })),
});
export const invoiceListResponse = z.array(invoiceResponse);

export function presentInvoice(view: InvoiceView): z.output<typeof invoiceResponse> {
  return view;
}
