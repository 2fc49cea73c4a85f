import type { BillTo, InvoiceStatus, StoredInvoice } from '../../../storage/billing/invoices.js';

/** An invoice as every edge presents it: amounts as integers of minor units (safe: capped at input). */
export interface InvoiceView {
  id: string;
  projectId: string;
  number: number;
  displayNumber: string;
  status: InvoiceStatus;
  currency: string;
  subtotalMinor: number;
  taxRateBp: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  reverseCharge: boolean;
  taxCountry: string | null;
  billTo: BillTo;
  source: 'manual' | 'milestone';
  lastPaymentError: string | null;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
  createdAt: string;
  lines: { description: string; quantity: number; unitAmountMinor: number; amountMinor: number }[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toInvoiceView(invoice: StoredInvoice): InvoiceView {
  // Only an issued, unsettled invoice is owed: a draft is not yet, a void one no more.
  const due = invoice.status === 'open' || invoice.status === 'uncollectible' ? invoice.totalMinor - invoice.amountPaidMinor : 0n;
  return {
    id: invoice.id,
    projectId: invoice.projectId,
    number: invoice.number,
    displayNumber: invoice.displayNumber,
    status: invoice.status,
    currency: invoice.currency,
    subtotalMinor: Number(invoice.subtotalMinor),
    taxRateBp: invoice.taxRateBp,
    taxMinor: Number(invoice.taxMinor),
    totalMinor: Number(invoice.totalMinor),
    amountPaidMinor: Number(invoice.amountPaidMinor),
    amountDueMinor: Number(due > 0n ? due : 0n),
    reverseCharge: invoice.reverseCharge,
    taxCountry: invoice.taxCountry,
    billTo: invoice.billTo,
    source: invoice.source,
    lastPaymentError: invoice.lastPaymentError,
    issuedAt: iso(invoice.issuedAt),
    dueAt: iso(invoice.dueAt),
    paidAt: iso(invoice.paidAt),
    createdAt: invoice.createdAt.toISOString(),
    lines: invoice.lines.map((line) => ({ description: line.description, quantity: line.quantity, unitAmountMinor: Number(line.unitAmountMinor), amountMinor: Number(line.amountMinor) })),
  };
}
