import type { Operation } from '../openapi/operations.js';
import { assetListResponse, assetResponse, createUploadBody, deleteAssetQuery, deletedAssetResponse, downloadQuery, downloadResponse, listAssetsQuery, localTransferQuery, receivedUploadResponse, uploadResponse } from './schemas.js';

const uploads = '/api/projects/{projectId}/uploads';
const assets = '/api/projects/{projectId}/assets';
const asset = `${assets}/{assetId}`;
const common = { tag: 'assets', auth: true } as const;

export const ASSET_OPERATIONS: Operation[] = [
  { ...common, method: 'post', path: uploads, operationId: 'createUpload', summary: 'Ask for an upload (editors and up): a presigned POST (S3) or a signed PUT URL (local disk) for at most `size` bytes of `type`, valid for minutes', body: createUploadBody, response: uploadResponse, idempotent: true, success: { status: 201, description: 'Where and how to send the file' }, errors: ['ASSET_TOO_LARGE', 'ASSET_QUOTA_EXCEEDED'] },
  { ...common, method: 'post', path: `${uploads}/{uploadId}/complete`, operationId: 'completeUpload', summary: 'Finish your upload: the file is checked (size, type from its bytes, sha256, quota) and registered as `uploaded`; processing is queued. Completing again answers the asset as it is', response: assetResponse, success: { status: 200, description: 'The asset' }, errors: ['UPLOAD_NOT_RECEIVED', 'ASSET_TOO_LARGE', 'ASSET_TYPE_MISMATCH', 'ASSET_QUOTA_EXCEEDED'] },
  { ...common, method: 'get', path: assets, operationId: 'listAssets', summary: "The project's files, newest first (any member)", query: listAssetsQuery, response: assetListResponse, success: { status: 200, description: 'A page of assets; meta has total, page, limit' } },
  { ...common, method: 'get', path: asset, operationId: 'getAsset', summary: 'One file: status, progress, and what processing found (dimensions, duration, previews)', response: assetResponse, success: { status: 200, description: 'The asset' } },
  { ...common, method: 'get', path: `${asset}/download`, operationId: 'downloadAsset', summary: 'A short-lived signed URL for the file, its thumbnail or its poster (any member)', query: downloadQuery, response: downloadResponse, success: { status: 200, description: 'The URL and when it expires' }, errors: ['ASSET_NOT_READY'] },
  { ...common, method: 'delete', path: asset, operationId: 'deleteAsset', summary: 'Delete a file and its previews (its uploader, or an admin). A file attached to pipeline items answers 409 ASSET_IN_USE with the links, unless force=true, which unlinks it everywhere', query: deleteAssetQuery, response: deletedAssetResponse, success: { status: 200, description: 'Deleted' }, errors: ['ASSET_IN_USE'] },
  { tag: 'assets', auth: false, method: 'put', path: '/api/blobs/upload', operationId: 'putLocalBlob', summary: 'Local disk only: the signed upload URL `createUpload` hands out (the token is the permission: one file, one type, a size limit, an expiry)', query: localTransferQuery, response: receivedUploadResponse, success: { status: 200, description: 'Stored; now complete the upload' }, errors: ['SIGNED_URL_INVALID', 'SIGNED_URL_EXPIRED', 'ASSET_TOO_LARGE'] },
  { tag: 'assets', auth: false, method: 'get', path: '/api/blobs/download', operationId: 'getLocalBlob', summary: 'Local disk only: the signed download URL `downloadAsset` hands out; answers the file itself as an attachment', query: localTransferQuery, success: { status: 200, description: 'The file', contentType: 'application/octet-stream' }, errors: ['SIGNED_URL_INVALID', 'SIGNED_URL_EXPIRED'] },
];
