import type { InvoiceConfig } from '../../../platform/config.js';
import type { BillingAccount } from '../../../storage/billing/billing-accounts.js';
import type { NewInvoice } from '../../../storage/billing/invoices.js';
import { decideTax } from '../tax/compute-tax.js';
import { type LineInput, totalInvoice } from '../tax/invoice-totals.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { MAX_AMOUNT_MINOR } from './limits.js';

export interface InvoiceDraft {
  currency: string;
  lines: readonly LineInput[];
  /** `open` issues it at once (issued now, due in `dueInDays`). */
  status: 'draft' | 'open';
  dueInDays: number;
  source: 'manual' | 'milestone';
  milestoneKey: string | null;
  createdBy: string | null;
  now: Date;
}

const DAY_MS = 86_400_000;

/**
 * The row to insert: tax decided from the account's country and tax id, totals in BigInt, the
 * billed party frozen as it is now. A total past MAX_AMOUNT_MINOR is refused (422), so every
 * amount presented later fits a JS number exactly.
 */
export function buildInvoice(settings: InvoiceConfig, account: BillingAccount, draft: InvoiceDraft): Outcome<NewInvoice> {
  const tax = decideTax({ sellerCountry: settings.seller.country, ratesBp: settings.taxRatesBp }, { country: account.country, taxId: account.taxId });
  const totals = totalInvoice(draft.lines, tax.rateBp);
  if (totals.totalMinor > BigInt(MAX_AMOUNT_MINOR)) return fail('VALIDATION_FAILED', `The total must be at most ${MAX_AMOUNT_MINOR} minor units.`, [{ path: ['lines'], message: 'the total is too large' }]);
  const issued = draft.status === 'open';
  return ok({
    projectId: account.projectId,
    prefix: account.invoicePrefix,
    status: draft.status,
    currency: draft.currency,
    subtotalMinor: totals.subtotalMinor,
    taxRateBp: tax.rateBp,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    taxCountry: tax.country,
    reverseCharge: tax.reverseCharge,
    billTo: { legalName: account.legalName, email: account.email, address: account.address, country: account.country, taxId: account.taxId },
    source: draft.source,
    milestoneKey: draft.milestoneKey,
    createdBy: draft.createdBy,
    issuedAt: issued ? draft.now : null,
    dueAt: issued ? new Date(draft.now.getTime() + draft.dueInDays * DAY_MS) : null,
    lines: totals.lines.map((line) => ({ description: line.description, quantity: line.quantity, unitAmountMinor: BigInt(line.unitAmountMinor), amountMinor: line.amountMinor })),
  });
}
