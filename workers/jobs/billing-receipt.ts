import { z } from 'zod';
import type { PaymentDeps } from '../../operations/billing/payments/payment-deps.js';
import { sendReceipt } from '../../operations/billing/payments/send-receipt.js';
import type { Queryable } from '../../platform/db/database.js';
import type { JobQueue } from '../job-queue.js';
import type { JobDefinition } from '../job.js';

const RETRIES = 8;

/**
 * A succeeded payment's receipt email, asked for in the transaction that recorded the success, so
 * a slow or failing SMTP server never holds up a payment or its webhook. Safe to run twice: the
 * payment's `receipt_sent_at` is claimed before sending, so it is sent once.
 */
export function billingReceiptJob(payments: () => Omit<PaymentDeps, 'db' | 'logger'> | null): JobDefinition<{ paymentId: string }> {
  return {
    name: 'billing.receipt',
    payload: z.object({ paymentId: z.uuid() }).strict(),
    retry: { limit: RETRIES, delaySeconds: 30, backoff: true, maxDelaySeconds: 3_600 },
    expireInSeconds: 300,
    async handle({ paymentId }, { db, logger }) {
      const services = payments();
      if (!services) throw new Error('this process has no payment services');
      const sent = await sendReceipt({ db, logger: logger.child({ paymentId }), receipts: services.receipts }, paymentId);
      // Given back on failure, so the retry can claim it again.
      if (sent === 'failed') throw new Error('the receipt was not sent');
    },
  };
}

/** Only names the queue and checks the payload, for processes that enqueue but do not run it. */
const RECEIPT_JOB = billingReceiptJob(() => null);

export function requestBillingReceipt(queue: JobQueue): (paymentId: string, options: { in: Queryable }) => Promise<void> {
  return async (paymentId, options) => {
    await queue.send(RECEIPT_JOB, { paymentId }, { in: options.in, singletonKey: paymentId });
  };
}
