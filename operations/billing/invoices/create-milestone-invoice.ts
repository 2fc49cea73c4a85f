import { recordAudit } from '../../../identity/audit.js';
import type { InvoiceConfig } from '../../../platform/config.js';
import type { Database } from '../../../platform/db/database.js';
import { findBillingAccount } from '../../../storage/billing/billing-accounts.js';
import { insertNumberedInvoice, milestoneInvoiceExists } from '../../../storage/billing/invoices.js';
import { buildInvoice } from './build-invoice.js';
import { DEFAULT_DUE_DAYS, MAX_DESCRIPTION } from './limits.js';

export interface StageReached {
  projectId: string;
  documentName: string;
  /** The pipeline item's entry id. */
  entryId: string;
  stage: string;
  title: string;
}

export type MilestoneResult = { kind: 'created'; invoiceId: string } | { kind: 'exists' } | { kind: 'not-billed' };

/** One milestone per pipeline item and stage: the same move made twice, or a job run twice, names the same key. */
export function milestoneKeyOf(reached: StageReached): string {
  return `${reached.documentName}#${reached.entryId}@${reached.stage}`;
}

/**
 * A pipeline item reached a stage: when it is the project's milestone stage and an amount is
 * set, an `open` invoice for that amount is made, naming the item. The milestone key is unique per
 * project and the insert does nothing on conflict (taking no number), so retries, replays and
 * moves back and forth make exactly one invoice.
 */
export async function createMilestoneInvoice(deps: { db: Database; invoices: InvoiceConfig }, reached: StageReached): Promise<MilestoneResult> {
  const account = await findBillingAccount(deps.db, reached.projectId);
  if (!account || account.milestoneStage !== reached.stage || account.milestoneAmountMinor === null) return { kind: 'not-billed' };
  const key = milestoneKeyOf(reached);
  if (await milestoneInvoiceExists(deps.db, reached.projectId, key)) return { kind: 'exists' };
  const title = reached.title.trim() || reached.entryId;
  const description = `Milestone "${reached.stage}" reached: ${title}`.slice(0, MAX_DESCRIPTION);
  const built = buildInvoice(deps.invoices, account, {
    currency: account.currency,
    lines: [{ description, quantity: 1, unitAmountMinor: account.milestoneAmountMinor }],
    status: 'open',
    dueInDays: DEFAULT_DUE_DAYS,
    source: 'milestone',
    milestoneKey: key,
    createdBy: null,
    now: new Date(),
  });
  if (!built.ok) return { kind: 'not-billed' };
  return deps.db.transaction(async (tx) => {
    const inserted = await insertNumberedInvoice(tx, built.value);
    if (!inserted.created) return { kind: 'exists' };
    await recordAudit(tx, { action: 'invoice.created', projectId: reached.projectId, target: inserted.id, details: { source: 'milestone', milestoneKey: key, totalMinor: built.value.totalMinor.toString(), currency: built.value.currency } });
    return { kind: 'created', invoiceId: inserted.id };
  });
}
