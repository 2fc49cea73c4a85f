import type { InvoiceStatus } from '../../../storage/billing/invoices.js';
import { type Outcome, fail, ok } from '../../outcome.js';

/** draft → open → paid | void | uncollectible; a draft may also be voided. Nothing leaves paid or void. */
const ALLOWED: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  draft: ['open', 'void'],
  open: ['paid', 'void', 'uncollectible'],
  paid: [],
  void: [],
  uncollectible: ['paid', 'void'],
};

/** 409 INVALID_TRANSITION naming where the invoice is and where it may go. */
export function checkTransition(from: InvoiceStatus, to: InvoiceStatus): Outcome<void> {
  if (ALLOWED[from].includes(to)) return ok(undefined);
  return fail('INVALID_TRANSITION', `An invoice that is ${from} cannot become ${to}.`, { from, to, allowed: ALLOWED[from] });
}
