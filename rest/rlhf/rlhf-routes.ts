import { Router, type Request, type Response } from 'express';
import { castVote } from '../../operations/votes/cast-vote.js';
import { getVoteAnalytics } from '../../operations/votes/get-vote-analytics.js';
import { giveFeedback } from '../../operations/votes/give-feedback.js';
import { listVoteItems } from '../../operations/votes/list-vote-items.js';
import type { VoteDeps } from '../../operations/votes/vote-deps.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { analyticsQuery, feedbackBody, voteBody, voteItemsQuery } from './schemas.js';

/** What the vote operations get from a request: the usual context and the hub that tells open dashboards. */
function voteContext(req: Request, deps: RestDependencies) {
  const { ops, caller } = operationContext(req, deps);
  const voteDeps: VoteDeps = { ...ops, votes: deps.votes };
  return { ops: voteDeps, caller };
}

/** The handlers both mounts share: the seed names each operation twice (`/api/rlhf/…` and `/api/echo/rlhf/…`). */
function handlers(deps: RestDependencies) {
  const ctx = (req: Request) => voteContext(req, deps);
  return {
    vote: async (req: Request, res: Response) => {
      const { ops, caller } = ctx(req);
      const outcome = unwrap(await castVote(ops, caller, parse(voteBody, req.body)));
      req.log.debug({ itemId: outcome.vote.itemId, itemType: outcome.vote.itemType, replaced: outcome.replaced }, 'vote cast');
      sendData(res, outcome);
    },
    analytics: async (req: Request, res: Response) => {
      const { ops, caller } = ctx(req);
      const { projectId, days, per, itemId, itemType } = parse(analyticsQuery, req.query);
      sendData(res, unwrap(await getVoteAnalytics(ops, caller, { projectId, days, per, item: itemId ? { itemId, itemType } : undefined })));
    },
  };
}

/** `/api/rlhf`: votes on pipeline items and their live aggregates; authenticate → parse → operation → present. */
export function rlhfRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  const shared = handlers(deps);
  router.get('/items', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const query = parse(voteItemsQuery, req.query);
    const page = unwrap(await listVoteItems(ops, caller, query));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  router.post('/vote', once, shared.vote);
  router.post('/feedback', once, async (req, res) => {
    const { ops, caller } = voteContext(req, deps);
    sendData(res, unwrap(await giveFeedback(ops, caller, parse(feedbackBody, req.body))));
  });
  router.get('/analytics', shared.analytics);
  return router;
}

/** `/api/echo/rlhf`: the Echo page's names for the same operations. */
export function echoRlhfRoutes(deps: RestDependencies): Router {
  const router = Router();
  const shared = handlers(deps);
  router.get('/ratings', shared.analytics);
  router.post('/vote', idempotent(deps.db), shared.vote);
  return router;
}
