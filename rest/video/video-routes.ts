import { Router } from 'express';
import { addItemAsset } from '../../operations/video/assets.js';
import { attachUploadedAsset } from '../../operations/assets/attach-uploaded-asset.js';
import { createVideo } from '../../operations/video/create-video.js';
import { addVideoFeedback, listVideoFeedback } from '../../operations/video/feedback.js';
import { getVideo } from '../../operations/video/get-video.js';
import { moveVideo } from '../../operations/video/move-video.js';
import { updateVideo } from '../../operations/video/update-video.js';
import { getVideoPipeline } from '../../operations/video/video-pipeline.js';
import { getVideoStatus } from '../../operations/video/video-status.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { ifMatchOf, operationContext, sendItem, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { addFeedbackBody, parseAssetBody, createVideoBody, moveVideoBody, pipelineQuery, updateVideoBody } from './schemas.js';

/** `/api/video`: videos of the pipelines the caller can see; authenticate → parse → operation → present. */
export function videoRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  const ctx = (req: Parameters<typeof operationContext>[0]) => operationContext(req, deps);

  router.post('/', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await createVideo(ops, caller, parse(createVideoBody, req.body))), 201);
  });
  router.get('/pipeline', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await getVideoPipeline(ops, caller, parse(pipelineQuery, req.query))));
  });
  router.post('/pipeline/move', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await moveVideo(ops, caller, parse(moveVideoBody, req.body), ifMatchOf(req))));
  });

  router.get('/:videoId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await getVideo(ops, caller, String(req.params.videoId))));
  });
  router.put('/:videoId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await updateVideo(ops, caller, String(req.params.videoId), parse(updateVideoBody, req.body), ifMatchOf(req))));
  });
  router.get('/:videoId/status', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await getVideoStatus(ops, caller, String(req.params.videoId))));
  });
  router.post('/:videoId/assets', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    const body = parseAssetBody(req.body);
    const videoId = String(req.params.videoId);
    sendItem(res, unwrap('upload' in body ? await attachUploadedAsset(ops, caller, videoId, 'video', body.upload) : await addItemAsset(ops, caller, videoId, 'video', body.link)), 201);
  });
  router.get('/:videoId/feedback', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await listVideoFeedback(ops, caller, String(req.params.videoId))));
  });
  router.post('/:videoId/feedback', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await addVideoFeedback(ops, caller, String(req.params.videoId), parse(addFeedbackBody, req.body))), 201);
  });
  return router;
}
