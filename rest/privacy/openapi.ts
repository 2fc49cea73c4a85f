import type { Operation } from '../openapi/operations.js';
import { exportDownloadResponse, exportListResponse, exportResponse, retentionBody, retentionResponse } from './schemas.js';

const common = { tag: 'privacy', auth: true } as const;
const exportPath = '/api/me/exports/{exportId}';

export const PRIVACY_OPERATIONS: Operation[] = [
  { ...common, method: 'post', path: '/api/me/export', operationId: 'requestDataExport', summary: 'Export everything stored about you (a ZIP of JSON files and your uploaded files), built by a job: 202 with the new export, or 200 with the one already waiting or being built (one job however often asked). People only: API keys get 403', response: exportResponse, success: { status: 202, description: 'The export (200 when it was already under way)' } },
  { ...common, method: 'get', path: '/api/me/exports', operationId: 'listDataExports', summary: 'Your recent exports, newest first', response: exportListResponse, success: { status: 200, description: 'Your exports' } },
  { ...common, method: 'get', path: exportPath, operationId: 'getDataExport', summary: "One of your exports: status and progress (0–100), and when its download expires. Someone else's id answers 404", response: exportResponse, success: { status: 200, description: 'The export' } },
  { ...common, method: 'get', path: `${exportPath}/download`, operationId: 'downloadDataExport', summary: 'A short-lived signed URL of your finished archive. Past its expiry (EXPORT_LINK_DAYS) or for someone else’s export: 404', response: exportDownloadResponse, success: { status: 200, description: 'The URL and when it expires' }, errors: ['EXPORT_NOT_READY'] },
  { ...common, method: 'get', path: '/api/projects/{projectId}/retention', operationId: 'getRetention', summary: 'How long the project keeps its audit records, notifications and raw analytics events (owners and admins)', response: retentionResponse, success: { status: 200, description: 'The retention' } },
  { ...common, method: 'put', path: '/api/projects/{projectId}/retention', operationId: 'updateRetention', summary: 'Change the project’s retention in days (owners and admins; null: back to the default). Out of bounds: 422 naming each field. Applied by a daily job; audited', body: retentionBody, response: retentionResponse, success: { status: 200, description: 'The retention' } },
];
