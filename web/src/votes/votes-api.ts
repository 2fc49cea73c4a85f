import { api } from '../api.js';
import type { ItemAnalytics, Rating, VoteItem, VoteItemPage, VoteItemType, VoteOutcome } from './types.js';

/** Pipeline entries per page (a video with a script is two items, so a page may hold twice as many). */
export const ITEMS_PER_PAGE = 20;
/** The detail's trend window, today included. */
export const TREND_DAYS = 30;

export function listVoteItems(projectId: string, itemType: VoteItemType | null, cursor: string | null): Promise<VoteItemPage> {
  const query = new URLSearchParams({ projectId, limit: String(ITEMS_PER_PAGE) });
  if (itemType) query.set('itemType', itemType);
  if (cursor) query.set('cursor', cursor);
  return api<VoteItemPage>('GET', `/api/rlhf/items?${query}`).then((reply) => reply.data);
}

export interface VoteDraft {
  rating: Rating;
  /** Empty: no feedback (a re-vote without feedback takes the earlier feedback out). */
  feedback: string;
}

/**
 * Casts (or replaces) the caller's vote. `idempotencyKey` names this intended vote: a retry of the
 * same vote sends the same key, so the server answers the first response instead of voting twice.
 */
export function castVote(item: Pick<VoteItem, 'itemId' | 'itemType' | 'projectId'>, draft: VoteDraft, idempotencyKey: string): Promise<VoteOutcome> {
  const feedback = draft.feedback.trim();
  const body = { itemId: item.itemId, itemType: item.itemType, projectId: item.projectId, rating: draft.rating, ...(feedback ? { feedback } : {}) };
  return api<VoteOutcome>('POST', '/api/rlhf/vote', body, { 'Idempotency-Key': idempotencyKey }).then((reply) => reply.data);
}

/** One item's aggregate, per-day trend and top feedback words. */
export function itemAnalytics(item: Pick<VoteItem, 'itemId' | 'itemType' | 'projectId'>): Promise<ItemAnalytics | null> {
  const query = new URLSearchParams({ projectId: item.projectId, itemId: item.itemId, itemType: item.itemType, days: String(TREND_DAYS), per: 'day' });
  return api<{ item: ItemAnalytics | null }>('GET', `/api/rlhf/analytics?${query}`).then((reply) => reply.data.item);
}
