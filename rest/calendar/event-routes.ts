import { Router } from 'express';
import { archiveEvent } from '../../operations/calendar/archive-event.js';
import { createEvent } from '../../operations/calendar/create-event.js';
import { getEvent } from '../../operations/calendar/get-event.js';
import { listEvents } from '../../operations/calendar/list-events.js';
import { updateEvent } from '../../operations/calendar/update-event.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { ifMatchOf, operationContext, sendItem, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { createEventBody, listEventsQuery, strictQuery, updateEventBody } from './schemas.js';

/** `/api/calendar`: the events of every calendar the caller can see; authenticate → parse → operation → present. */
export function calendarRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  const ctx = (req: Parameters<typeof operationContext>[0]) => operationContext(req, deps);

  router.get('/events', async (req, res) => {
    const { ops, caller } = ctx(req);
    const query = parse(listEventsQuery, req.query);
    const page = unwrap(await listEvents(ops, caller, query));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  router.post('/events', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    const { strict } = parse(strictQuery, req.query);
    sendItem(res, unwrap(await createEvent(ops, caller, parse(createEventBody, req.body), { strict })), 201);
  });
  router.get('/events/:eventId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await getEvent(ops, caller, String(req.params.eventId))));
  });
  router.put('/events/:eventId', async (req, res) => {
    const { ops, caller } = ctx(req);
    const { strict } = parse(strictQuery, req.query);
    sendItem(res, unwrap(await updateEvent(ops, caller, String(req.params.eventId), parse(updateEventBody, req.body), { ifMatch: ifMatchOf(req), strict })));
  });
  router.delete('/events/:eventId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await archiveEvent(ops, caller, String(req.params.eventId), { ifMatch: ifMatchOf(req) })));
  });
  return router;
}
