import { Router } from 'express';
import { archiveTask } from '../../operations/tasks/archive-task.js';
import { updateColumn, createColumn, listColumns } from '../../operations/tasks/columns.js';
import { addTaskComment, listTaskComments } from '../../operations/tasks/comments.js';
import { createTask } from '../../operations/tasks/create-task.js';
import { getTask } from '../../operations/tasks/get-task.js';
import { listTasks } from '../../operations/tasks/list-tasks.js';
import { moveTask } from '../../operations/tasks/move-task.js';
import { updateTask } from '../../operations/tasks/update-task.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { ifMatchOf, operationContext, sendItem, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { addCommentBody, createColumnBody, createTaskBody, listColumnsQuery, listTasksQuery, moveTaskBody, updateColumnBody, updateTaskBody } from './schemas.js';

/** `/api/tasks`: the cards of every board the caller can see; authenticate → parse → operation → present. */
export function taskRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  const ctx = (req: Parameters<typeof operationContext>[0]) => operationContext(req, deps);

  router.get('/', async (req, res) => {
    const { ops, caller } = ctx(req);
    const page = unwrap(await listTasks(ops, caller, parse(listTasksQuery, req.query)));
    sendData(res, page, { meta: { limit: parse(listTasksQuery, req.query).limit, next: page.next } });
  });
  router.post('/', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await createTask(ops, caller, parse(createTaskBody, req.body))), 201);
  });
  router.post('/move', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await moveTask(ops, caller, parse(moveTaskBody, req.body), ifMatchOf(req))));
  });

  router.get('/columns', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await listColumns(ops, caller, parse(listColumnsQuery, req.query))));
  });
  router.post('/columns', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await createColumn(ops, caller, parse(createColumnBody, req.body))), 201);
  });
  router.put('/columns/:columnId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await updateColumn(ops, caller, String(req.params.columnId), parse(updateColumnBody, req.body), ifMatchOf(req))));
  });
  router.delete('/columns/:columnId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await updateColumn(ops, caller, String(req.params.columnId), { archived: true }, ifMatchOf(req))));
  });

  router.get('/:taskId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await getTask(ops, caller, String(req.params.taskId))));
  });
  router.put('/:taskId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await updateTask(ops, caller, String(req.params.taskId), parse(updateTaskBody, req.body), ifMatchOf(req))));
  });
  router.delete('/:taskId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await archiveTask(ops, caller, String(req.params.taskId), { ifMatch: ifMatchOf(req) })));
  });
  router.get('/:taskId/comments', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await listTaskComments(ops, caller, String(req.params.taskId))));
  });
  router.post('/:taskId/comments', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await addTaskComment(ops, caller, String(req.params.taskId), parse(addCommentBody, req.body))), 201);
  });
  return router;
}
