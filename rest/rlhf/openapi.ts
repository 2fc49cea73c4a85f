import type { Operation } from '../openapi/operations.js';
import { analyticsQuery, analyticsResponse, feedbackBody, voteBody, voteItemPageResponse, voteItemsQuery, voteOutcomeResponse } from './schemas.js';

// Every RLHF operation may answer 404: an unknown, archived or foreign item or project, or a project you are not in.
const common = { tag: 'rlhf' as const, auth: true, errors: ['NOT_FOUND'] };
const vote = { ...common, body: voteBody, response: voteOutcomeResponse, idempotent: true, success: { status: 200, description: 'Your vote, the item’s aggregate including it, and whether it replaced your earlier vote' } } as const;
const analytics = { ...common, query: analyticsQuery, response: analyticsResponse, success: { status: 200, description: 'Analytics from the live aggregates' } } as const;

export const RLHF_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/rlhf/items', operationId: 'listVoteItems', summary: "A project's votable pipeline items (videos, their scripts, campaigns) with live aggregates and your vote; cursor pagination over pipeline entries (meta.next)", query: voteItemsQuery, response: voteItemPageResponse, success: { status: 200, description: 'A page of items' } },
  { ...vote, method: 'post', path: '/api/rlhf/vote', operationId: 'castVote', summary: 'Rate an item 1–5 with optional feedback (commenters and above); a second vote replaces the first' },
  { ...common, method: 'post', path: '/api/rlhf/feedback', operationId: 'giveVoteFeedback', summary: 'Set or take back the feedback of your existing vote on an item', body: feedbackBody, response: voteOutcomeResponse, idempotent: true, success: { status: 200, description: 'Your vote with its new feedback, and the item’s aggregate' } },
  { ...analytics, method: 'get', path: '/api/rlhf/analytics', operationId: 'getVoteAnalytics', summary: "A project's vote analytics: per item type, per campaign, daily trend, most voted items, and one item's detail with top feedback terms" },
  { ...analytics, method: 'get', path: '/api/echo/rlhf/ratings', operationId: 'getEchoRatings', summary: 'The Echo page’s name for GET /api/rlhf/analytics' },
  { ...vote, method: 'post', path: '/api/echo/rlhf/vote', operationId: 'castEchoVote', summary: 'The Echo page’s name for POST /api/rlhf/vote' },
];
