import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';

const loadedDocument = z.object({ name: z.string(), stateBytes: z.number().int(), connections: z.number().int() });
const queue = z.object({ name: z.string(), queued: z.number().int(), active: z.number().int(), failed: z.number().int() });
const common = { tag: 'admin' as const, auth: true, errors: ['FORBIDDEN'] };
const document = '/api/admin/documents/{name}';

/** Instance admins only (granted with `npm run admin -- grant <email>`); every use and refusal is audited. */
export const ADMIN_OPERATIONS: Operation[] = [
  { method: 'get', path: '/metrics', operationId: 'metrics', summary: 'Prometheus metrics (text format) for whoever presents METRICS_TOKEN as a Bearer token; 404 when no token is configured', tag: 'health', auth: false, success: { status: 200, description: 'Metrics', contentType: 'text/plain' }, errors: ['UNAUTHORIZED', 'NOT_FOUND'] },
  { ...common, method: 'get', path: '/api/admin/documents', operationId: 'adminListLoadedDocuments', summary: 'Documents loaded in this process, largest first, with their size and open connections', response: z.array(loadedDocument), success: { status: 200, description: 'Loaded documents' } },
  { ...common, method: 'post', path: `${document}/snapshot`, operationId: 'adminSnapshotDocument', summary: 'Fold the document’s update log into its snapshot now', response: z.object({ compacted: z.boolean() }), success: { status: 200, description: 'Whether there was anything to fold' } },
  { ...common, method: 'post', path: `${document}/evict`, operationId: 'adminEvictDocument', summary: 'Close the document’s sockets (close 1012 `evicted`: clients reconnect) and unload it from this process after storing', response: z.object({ evicted: z.boolean() }), success: { status: 200, description: 'Whether it was loaded here' } },
  { ...common, method: 'post', path: '/api/admin/backup', operationId: 'adminBackup', summary: 'A consistent backup of the database as a download: a gzipped PGlite data directory, or pg_dump’s custom format (X-Backup-Format says which). Also accepts the X-Backup-Token kept in DATA_DIR instead of a session (`npm run backup`)', success: { status: 200, description: 'The backup', contentType: 'application/octet-stream' }, errors: ['FORBIDDEN', 'UNAUTHORIZED'] },
  { ...common, method: 'get', path: '/api/admin/queues', operationId: 'adminQueues', summary: 'Job queues: waiting, running and retained failed jobs', response: z.array(queue), success: { status: 200, description: 'Queues' } },
];
