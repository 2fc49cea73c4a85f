import { z } from 'zod';
import type { ExportView } from '../../operations/privacy/export-view.js';
import type { RetentionView } from '../../operations/privacy/retention.js';

export const exportResponse = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'running', 'ready', 'failed', 'expired']),
  progress: z.number().int().min(0).max(100),
  size: z.number().int().nullable().describe('bytes of the archive, once ready'),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable().describe('after this the download answers 404 and the archive is deleted'),
  downloadPath: z.string().nullable().describe('GET it (as the same person) for a short-lived signed URL of the ZIP; null until ready'),
});
export const exportListResponse = z.array(exportResponse);
export const exportDownloadResponse = z.object({ url: z.string(), expiresAt: z.iso.datetime() });

export const presentExport = (view: ExportView): z.output<typeof exportResponse> => view;

const days = z.number({ error: 'must be a number of days or null' }).int('must be a whole number of days').nullable();
/** Each kind given is set (null: back to the default); bounds are checked by the operation (422 naming each). */
export const retentionBody = z
  .object({ auditDays: days.optional(), notificationDays: days.optional(), analyticsRawDays: days.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one of auditDays, notificationDays, analyticsRawDays');

const perKind = z.object({ auditDays: z.number().int().nullable(), notificationDays: z.number().int().nullable(), analyticsRawDays: z.number().int().nullable() });
const bound = z.object({ min: z.number().int(), max: z.number().int() });
export const retentionResponse = z.object({
  projectId: z.uuid(),
  settings: perKind.describe("the project's own choices (null: the default)"),
  effective: perKind.describe('what the daily job applies (null: kept while the project exists)'),
  defaults: perKind,
  bounds: z.object({ auditDays: bound, notificationDays: bound, analyticsRawDays: bound }),
  updatedAt: z.iso.datetime().nullable(),
});

export const presentRetention = (view: RetentionView): z.output<typeof retentionResponse> => view;
