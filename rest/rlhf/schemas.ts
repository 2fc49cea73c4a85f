import { z } from 'zod';
import { STAGES } from '../../documents/pipeline/schema.js';
import { type Rating, VOTE_ITEM_TYPES } from '../../operations/votes/vote.js';
import { cursorQuery } from '../operation-response.js';
import { userText } from '../text.js';
import { documentId, projectId } from '../video/schemas.js';

/** Feedback is a reviewer's note, not a document: long enough for a paragraph or two. */
export const FEEDBACK_MAX = 2_000;

const itemType = z.enum(VOTE_ITEM_TYPES);
/** An item's REST id, `<projectId>.<pipelineId>.<entryId>` (anything else is simply not found). */
const itemId = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** A whole number 1–5 as a JSON number: "5", 0, 6 and 3.5 are refused, never rounded or coerced. */
const rating = z.number({ error: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be a whole number from 1 to 5').max(5, 'must be a whole number from 1 to 5').transform((value) => value as Rating);
const feedbackText = userText().trim().max(FEEDBACK_MAX, `must be at most ${FEEDBACK_MAX} characters`);
const item = {
  itemId,
  /** A video's entry is two items: the video (the default) and its script. */
  itemType: itemType.optional(),
  /** When given, the item must be of this project. */
  projectId: projectId.optional(),
};

export const voteBody = z
  .object({
    ...item,
    rating,
    // An empty feedback box is no feedback.
    feedback: feedbackText.transform((text) => (text === '' ? undefined : text)).optional(),
  })
  .strict();

export const feedbackBody = z
  .object({
    ...item,
    // null takes the feedback back; the rating stays.
    feedback: feedbackText.min(1, 'must not be empty (send null to take feedback back)').nullable(),
  })
  .strict();

export const voteItemsQuery = cursorQuery.extend({ projectId, pipelineId: documentId.optional(), itemType: itemType.optional() });

export const analyticsQuery = z
  .object({
    projectId,
    /** Days of trend, today included: up to two years. */
    days: z.coerce.number().int().min(1).max(730).default(30),
    /** Trend buckets: days, or ISO weeks keyed by their Monday. */
    per: z.enum(['day', 'week']).default('day'),
    itemId: itemId.optional(),
    itemType: itemType.optional(),
  })
  .refine((query) => query.itemType === undefined || query.itemId !== undefined, { message: 'itemType needs itemId', path: ['itemType'] });

const count = z.number().int();
export const aggregateResponse = z.object({
  count,
  mean: z.number().nullable(),
  distribution: z.object({ '1': count, '2': count, '3': count, '4': count, '5': count }),
  sentiment: z.object({ feedbackCount: count, meanScore: z.number().nullable(), meanComparative: z.number().nullable() }),
  version: count,
  updatedAt: z.string().nullable(),
});
export const voteResponse = z.object({
  itemId: z.string(),
  itemType,
  userId: z.string(),
  rating: count,
  feedback: z.string().nullable(),
  sentiment: z.object({ score: z.number(), comparative: z.number() }).nullable(),
  timestamp: z.string(),
});
export const voteOutcomeResponse = z.object({ vote: voteResponse, aggregate: aggregateResponse, replaced: z.boolean() });
const trendResponse = z.array(z.object({ day: z.string(), count, mean: z.number().nullable() }));
export const voteItemPageResponse = z.object({
  items: z.array(
    z.object({
      itemId: z.string(),
      itemType,
      projectId: z.uuid(),
      pipelineId: z.string(),
      entryId: z.string(),
      title: z.string(),
      stage: z.enum(STAGES),
      campaignId: z.string().nullable(),
      scriptDocument: z.string().nullable(),
      aggregate: aggregateResponse,
      myVote: voteResponse.nullable(),
    }),
  ),
  next: z.string().nullable(),
});
const terms = z.array(z.object({ term: z.string(), uses: count }));
export const analyticsResponse = z.object({
  projectId: z.uuid(),
  days: count,
  per: z.enum(['day', 'week']),
  overall: aggregateResponse,
  byType: z.object({ video: aggregateResponse, script: aggregateResponse, campaign: aggregateResponse }),
  trend: trendResponse,
  byCampaign: z.array(z.object({ campaignId: z.string(), aggregate: aggregateResponse })),
  mostVoted: z.array(z.object({ itemId: z.string(), itemType, aggregate: aggregateResponse })),
  item: z
    .object({
      itemId: z.string(),
      itemType,
      aggregate: aggregateResponse,
      trend: trendResponse,
      terms: z.object({ positive: terms, negative: terms }),
      /** The language model's reading of the item's feedback (AI_* configured; null until analysed, or without a model). */
      insights: z
        .object({
          model: z.string(),
          feedbackCount: count,
          sentiment: z.number().min(-1).max(1),
          summary: z.string(),
          themes: z.array(z.object({ theme: z.string(), tone: z.enum(['positive', 'negative', 'mixed']), mentions: count })),
          analysedAt: z.iso.datetime(),
        })
        .nullable(),
    })
    .nullable(),
});
