import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../envelope.js';

/**
 * Refuses API and sign-in requests (503, Retry-After) until the process has finished starting:
 * migrations applied and the job queue's queues declared. A change committed before then would
 * publish its events to a queue that is not there yet; on the embedded database the queue's
 * lookup then waits behind the very transaction that asked for it, and the request never answers.
 */
export function untilStarted(started: () => boolean) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (started()) return next();
    res.setHeader('Retry-After', '1');
    sendError(res, 503, { code: 'NOT_READY', message: 'The server is still starting; retry in a moment.' });
  };
}
