import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../../platform/metrics.js';

/**
 * The mount path a route was reached through, with its values turned back into a placeholder:
 * Express keeps the template only for the last route (`req.route.path`), not for the routers it
 * is mounted in (`/projects/:projectId/…`). Mount paths here are lowercase words; anything else
 * in one is a value.
 */
const mountTemplate = (baseUrl: string) =>
  baseUrl
    .split('/')
    .map((segment) => (segment === '' || /^[a-z][a-z-]*$/.test(segment) ? segment : ':id'))
    .join('/');

/**
 * Times every request into the latency histogram, labelled by its route's template (never the
 * raw path: ids would make a label per project). Requests no route answered share "unmatched".
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      const template = typeof route?.path === 'string' ? `${mountTemplate(req.baseUrl)}${route.path}`.replace(/(.)\/$/, '$1') : 'unmatched';
      stop({ method: req.method, route: template, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}
