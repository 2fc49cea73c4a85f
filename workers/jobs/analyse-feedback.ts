import { z } from 'zod';
import { VOTE_ITEM_TYPES } from '../../operations/votes/vote.js';
import type { AiProvider } from '../../operations/ai/ai-provider.js';
import { AiError } from '../../operations/ai/ai-provider.js';
import { analyseItemFeedback } from '../../operations/votes/analyse-item-feedback.js';
import type { JobDefinition } from '../job.js';
import type { JobQueue } from '../job-queue.js';

const payload = z.object({ projectId: z.uuid(), pipelineId: z.string().min(1).max(64), entryId: z.string().min(1).max(64), itemType: z.enum(VOTE_ITEM_TYPES) }).strict();
export type AnalyseFeedbackPayload = z.infer<typeof payload>;

/**
 * An item's feedback read by the language model (AI_* configured): its overall sentiment, a
 * summary and themes. Rate limits and timeouts are retried with backoff by the provider, then by
 * this job; a reply that is not the JSON asked for is logged and left (the next feedback asks again).
 */
export function analyseFeedbackJob(ai: () => AiProvider | null): JobDefinition<AnalyseFeedbackPayload> {
  return {
    name: 'votes.analyse-feedback',
    payload,
    retry: { limit: 4, delaySeconds: 30, backoff: true, maxDelaySeconds: 900 },
    expireInSeconds: 300,
    // One queued and one running per item: a burst of feedback is one analysis after the running one.
    policy: 'stately',
    async handle(item, { db, logger }) {
      const provider = ai();
      if (!provider) return;
      try {
        const outcome = await analyseItemFeedback({ db, ai: provider }, item);
        if (outcome === 'unreadable') logger.warn({ item }, 'the language model did not answer feedback analysis with the JSON asked for');
        else logger.debug({ item, outcome }, 'feedback analysed');
      } catch (error) {
        // Refused for good (a bad key, a model that does not exist): retrying will not help.
        if (error instanceof AiError && error.code === 'AI_REFUSED') return void logger.error({ err: error, item }, 'the language model refused feedback analysis');
        throw error;
      }
    },
  };
}

/** Only names the queue and checks the payload, for processes that enqueue but do not run it. */
const ANALYSE_JOB = analyseFeedbackJob(() => null);

/**
 * Asks for an item's analysis after the votes of the next `delaySeconds` (one queued per item):
 * a burst of feedback is one request to the model.
 */
export function requestFeedbackAnalysis(queue: JobQueue, delaySeconds: number): (item: AnalyseFeedbackPayload) => Promise<void> {
  return async (item) => {
    await queue.send(ANALYSE_JOB, item, { singletonKey: `${item.projectId}.${item.pipelineId}.${item.entryId}:${item.itemType}`, ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}) });
  };
}
