import { z } from 'zod';
import type { PaymentDeps } from '../../operations/billing/payments/payment-deps.js';
import { reconcilePayments } from '../../operations/billing/payments/reconcile-payments.js';
import type { JobDefinition } from '../job.js';

/**
 * Daily (cron, once per slot across workers): our payments and invoices against Stripe's payments.
 * Safe to run twice: a mismatch already listed is not listed again, and receipts are claimed.
 */
export function billingReconcileJob(payments: () => Omit<PaymentDeps, 'db' | 'logger'> | null): JobDefinition<Record<string, never>> {
  return {
    name: 'billing.reconcile',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    retry: { limit: 3, delaySeconds: 300, backoff: true },
    expireInSeconds: 1_800,
    async handle(_payload, { db, logger }) {
      const services = payments();
      if (!services) return;
      const report = await reconcilePayments({ db, logger, ...services });
      logger.info(report, 'billing reconciliation pass');
    },
  };
}
