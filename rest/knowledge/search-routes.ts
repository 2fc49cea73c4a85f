import { Router } from 'express';
import { searchKnowledge } from '../../operations/knowledge/search-knowledge.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { knowledgeContext } from './knowledge-context.js';
import { searchQuery } from './schemas.js';

/** `GET /api/search`: hybrid search over the knowledge documents of the projects the caller reads. */
export function knowledgeSearchRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const query = parse(searchQuery, req.query);
    const { hits, mode } = unwrap(await searchKnowledge(knowledge, caller, { query: query.q, projectId: query.projectId, limit: query.limit }));
    sendData(res, hits, { meta: { total: hits.length, search: mode } });
  });
  return router;
}
