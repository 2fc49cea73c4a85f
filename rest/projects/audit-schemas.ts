import { z } from 'zod';
import type { AuditRecord } from '../../identity/audit.js';
import { bigintCursor } from '../pagination.js';

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: bigintCursor.optional(),
});

export const auditRecordResponse = z.object({
  /** A bigint, as a string; the next page's `before`. */
  id: z.string(),
  projectId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  actorApiKeyId: z.uuid().nullable(),
  action: z.string(),
  /** What the action was done to: a user, a key, a project id or a document name. */
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

/** Newest first (meta.nextBefore pages on). */
export const auditListResponse = z.array(auditRecordResponse);

export function presentAuditRecord(record: AuditRecord): z.output<typeof auditRecordResponse> {
  return {
    id: record.id,
    projectId: record.projectId,
    actorUserId: record.actorUserId,
    actorApiKeyId: record.actorApiKeyId,
    action: record.action,
    target: record.target,
    details: record.details,
    ip: record.ip,
    createdAt: record.createdAt.toISOString(),
  };
}
