import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';
import { addFeedbackBody, addOrAttachAssetBody, assetResponse, createVideoBody, feedbackResponse, moveVideoBody, pipelineQuery, updateVideoBody, videoDetailResponse, videoPipelineResponse, videoStatusResponse } from './schemas.js';

const video = '/api/video/{videoId}';
const common = { tag: 'video', auth: true } as const;

export const VIDEO_OPERATIONS: Operation[] = [
  { ...common, method: 'post', path: '/api/video', operationId: 'createVideo', summary: "Add a video to a pipeline's idea stage (optionally in a campaign of it)", body: createVideoBody, response: videoDetailResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The video, with what its stage still needs' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'ASSET_NOT_READY'] },
  { ...common, method: 'get', path: '/api/video/pipeline', operationId: 'getVideoPipeline', summary: "A pipeline's stages in order, each with its requirements and its videos (what each lacks, its assets, feedback counts)", query: pipelineQuery, response: videoPipelineResponse, success: { status: 200, description: 'The pipeline' } },
  { ...common, method: 'post', path: '/api/video/pipeline/move', operationId: 'moveVideo', summary: 'Move a video to a stage (index, beforeId or afterId); refused with each missing requirement unless force', body: moveVideoBody, response: videoDetailResponse, etag: 'checks', idempotent: true, success: { status: 200, description: 'The moved video' }, errors: ['STAGE_REQUIREMENTS_NOT_MET', 'INVALID_MOVE', 'DOCUMENT_TOO_LARGE'] },
  { ...common, method: 'get', path: video, operationId: 'getVideo', summary: 'One video, with what its stage still needs', response: videoDetailResponse, etag: 'returns', success: { status: 200, description: 'The video' } },
  { ...common, method: 'put', path: video, operationId: 'updateVideo', summary: "Set a video's title, brief, script link, due date, assignee or campaign", body: updateVideoBody, response: videoDetailResponse, etag: 'checks', success: { status: 200, description: 'The video' }, errors: ['DOCUMENT_TOO_LARGE'] },
  { ...common, method: 'get', path: `${video}/status`, operationId: 'getVideoStatus', summary: 'Where a video stands: stage, what it lacks there and for the next stage, assignee, due date, feedback counts', response: videoStatusResponse, etag: 'returns', success: { status: 200, description: 'The status; ETag is the video’s version' } },
  { ...common, method: 'post', path: `${video}/assets`, operationId: 'addVideoAsset', summary: 'Add an asset by URL (a reference to mirror, a cut), or attach an uploaded file of the project (`uploadedAssetId`), as yourself', body: addOrAttachAssetBody, response: assetResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The asset' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'ASSET_NOT_READY'] },
  { ...common, method: 'get', path: `${video}/feedback`, operationId: 'listVideoFeedback', summary: "A video's feedback, oldest first", response: z.array(feedbackResponse), success: { status: 200, description: 'Feedback' } },
  { ...common, method: 'post', path: `${video}/feedback`, operationId: 'addVideoFeedback', summary: 'Give feedback on a video, as yourself (recorded against its current stage)', body: addFeedbackBody, response: feedbackResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The feedback' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'ASSET_NOT_READY'] },
];
