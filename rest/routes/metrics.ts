import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from '../../platform/metrics.js';
import { sendError } from '../envelope.js';

const matches = (presented: string, token: string) => {
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /metrics` in Prometheus's text format, for a scraper holding `METRICS_TOKEN` (Bearer).
 * Without a configured token the route does not exist: metrics say how busy and how big the
 * service is, which is nobody's business by default.
 */
export function metricsRouter(metrics: Metrics | undefined, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!token || !metrics) return sendError(res, 404, { code: 'NOT_FOUND', message: 'Metrics are off: set METRICS_TOKEN to turn them on.' });
    const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!presented || !matches(presented, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendError(res, 401, { code: 'UNAUTHORIZED', message: 'GET /metrics needs the metrics token as a Bearer token.' });
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
