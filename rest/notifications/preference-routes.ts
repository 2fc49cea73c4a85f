import { Router } from 'express';
import { getPreferences } from '../../operations/notifications/get-preferences.js';
import { updatePreferences } from '../../operations/notifications/update-preferences.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { preferencesQuery, putPreferencesBody } from './preference-schemas.js';

/** `/api/notifications/preferences`: which events reach the signed-in person, and how, per project. */
export function preferenceRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await getPreferences(ops, caller, parse(preferencesQuery, req.query).projectId)));
  });
  router.put('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const { projectId, ...preferences } = parse(putPreferencesBody, req.body);
    sendData(res, unwrap(await updatePreferences(ops, caller, projectId, preferences)));
  });
  return router;
}
