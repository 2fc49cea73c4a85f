import express, { type Express, type Router } from 'express';
import type { Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import type { Logger } from '../server/logger.js';
import { sendData } from './envelope.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { requestContext } from './middleware/request-context.js';
import { healthRouter } from './routes/health.js';

export interface RestDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  version: string;
}

/**
 * The Express app: health endpoints for every role, the `/api` routes when this process runs
 * the api role, and one envelope for every answer including unknown routes and bad bodies.
 */
export function createRestApp(deps: RestDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: deps.config.http.jsonBodyLimitBytes, strict: true }));
  app.use(healthRouter(deps.db));
  if (deps.config.roles.has('api')) app.use('/api', apiRouter(deps));
  app.use(notFound());
  app.use(errorHandler());
  return app;
}

function apiRouter(deps: RestDependencies): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    sendData(res, { name: 'studio-sync', version: deps.version, roles: [...deps.config.roles] });
  });
  return router;
}
