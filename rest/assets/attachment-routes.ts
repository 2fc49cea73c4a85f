import { type Request, Router } from 'express';
import { attachToTask, detachFromTask } from '../../operations/assets/card-attachments.js';
import { attachToRequest, detachFromRequest, listRequestFiles } from '../../operations/requests/request-attachments.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { operationContext, sendItem, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { attachUploadBody, presentAsset } from './schemas.js';

const param = (req: Request, name: string) => String(req.params[name]);

/** `/api/tasks/:taskId/attachments`: uploaded files on a Kanban card (its `links`); editors of the board. */
export function taskAttachmentRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.post('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendItem(res, unwrap(await attachToTask(ops, caller, param(req, 'taskId'), parse(attachUploadBody, req.body))), 201);
  });
  router.delete('/:assetId', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendItem(res, unwrap(await detachFromTask(ops, caller, param(req, 'taskId'), param(req, 'assetId'))));
  });
  return router;
}

/** `/api/requests/:requestId/attachments`: uploaded files on a request; members read them, editors and up attach. */
export function requestAttachmentRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await listRequestFiles(ops, caller, param(req, 'requestId'))).map(presentAsset));
  });
  router.post('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await attachToRequest(ops, caller, param(req, 'requestId'), parse(attachUploadBody, req.body))).map(presentAsset), { status: 201 });
  });
  router.delete('/:assetId', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await detachFromRequest(ops, caller, param(req, 'requestId'), param(req, 'assetId'))).map(presentAsset));
  });
  return router;
}
