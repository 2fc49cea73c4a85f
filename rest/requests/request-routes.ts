import { type Request, Router } from 'express';
import { commentOnRequest } from '../../operations/requests/comment-on-request.js';
import { createRequest } from '../../operations/requests/create-request.js';
import { getRequest } from '../../operations/requests/get-request.js';
import { listRequests } from '../../operations/requests/list-requests.js';
import { updateRequest } from '../../operations/requests/update-request.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { addRequestCommentBody, createRequestBody, listRequestsQuery, updateRequestBody } from './schemas.js';

/** `/api/requests`: requests raised to a project's team; authenticate → parse → operation → present. */
export function requestRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  // Request operations hand the events they write to delivery in their own transaction.
  const ctx = (req: Request) => {
    const { ops, caller } = operationContext(req, deps);
    return { ops: { ...ops, publishEvents: deps.publishEvents }, caller };
  };

  router.get('/', async (req, res) => {
    const { ops, caller } = ctx(req);
    const query = parse(listRequestsQuery, req.query);
    const page = unwrap(await listRequests(ops, caller, query));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  router.post('/', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await createRequest(ops, caller, parse(createRequestBody, req.body))), { status: 201 });
  });
  router.get('/:requestId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await getRequest(ops, caller, String(req.params.requestId))));
  });
  router.put('/:requestId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await updateRequest(ops, caller, String(req.params.requestId), parse(updateRequestBody, req.body))));
  });
  router.post('/:requestId/comments', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await commentOnRequest(ops, caller, String(req.params.requestId), parse(addRequestCommentBody, req.body))), { status: 201 });
  });
  return router;
}
