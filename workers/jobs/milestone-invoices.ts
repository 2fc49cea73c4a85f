import { z } from 'zod';
import { createMilestoneInvoice } from '../../operations/billing/invoices/create-milestone-invoice.js';
import type { InvoiceConfig } from '../../platform/config.js';
import { type StoredEvent, loadEvents } from '../../storage/change-feed.js';
import type { JobDefinition } from '../job.js';

export type MilestonePayload = { eventIds: string[] };

/** The change-feed events that can reach a billing milestone: a pipeline item's stage move. */
export function isStageChange(event: Pick<StoredEvent, 'type' | 'documentName'>): boolean {
  return event.type === 'item.stage-changed' && event.documentName !== null;
}

/**
 * Milestone invoices: fed by the fan-out job with the batch's stage moves. Each move to the
 * project's milestone stage makes one `open` invoice; the milestone key makes a second run (a
 * retry, a replayed job, the same move again) a no-op, so the job is safe to run twice.
 */
export function milestoneInvoicesJob(settings: () => InvoiceConfig | null): JobDefinition<MilestonePayload> {
  return {
    name: 'billing.milestone-invoices',
    payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
    retry: { limit: 10, delaySeconds: 2, backoff: true, maxDelaySeconds: 300 },
    expireInSeconds: 120,
    async handle({ eventIds }, { db, logger }) {
      const invoices = settings();
      if (!invoices) throw new Error('milestone invoices need the billing settings; this process was started without them');
      const events = (await loadEvents(db, eventIds)).filter(isStageChange);
      for (const event of events) {
        const to = event.data.to;
        if (typeof to !== 'string') continue;
        const title = typeof event.data.title === 'string' ? event.data.title : '';
        const result = await createMilestoneInvoice({ db, invoices }, { projectId: event.projectId, documentName: event.documentName!, entryId: event.entryId, stage: to, title });
        if (result.kind !== 'not-billed') logger.info({ eventId: event.id, projectId: event.projectId, result: result.kind, ...(result.kind === 'created' ? { invoiceId: result.invoiceId } : {}) }, 'milestone invoice');
      }
    },
  };
}
