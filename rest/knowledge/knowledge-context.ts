import type { Request } from 'express';
import type { Caller } from '../../operations/caller.js';
import type { KnowledgeDeps } from '../../operations/knowledge/knowledge-deps.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { operationContext } from '../operation-response.js';

/** What a knowledge route hands its operation; 503 when the process was composed without knowledge services. */
export function knowledgeContext(req: Request, deps: RestDependencies): { knowledge: KnowledgeDeps; caller: Caller } {
  if (!deps.knowledge) throw new AppError('NOT_READY', 'Knowledge documents are not available in this process.');
  const { ops, caller } = operationContext(req, deps);
  return { knowledge: { ...ops, ...deps.knowledge, logger: req.log }, caller };
}
