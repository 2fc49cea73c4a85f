import { z } from 'zod';
import type { VersionSummary } from '../../storage/document-versions.js';
import type { VersionChange } from '../../operations/history/version-changes.js';
import { bigintCursor } from '../pagination.js';
import { userText } from '../text.js';

export const versionIdParam = z.uuid('must be a version id');

export const listVersionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), before: bigintCursor.optional() }).strict();

export const nameVersionBody = z.object({ label: userText().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters') }).strict();

export const versionChangesQuery = z.object({ since: versionIdParam.optional() }).strict();

export const versionResponse = z.object({
  id: z.uuid(),
  seq: z.string(),
  kind: z.enum(['auto', 'named', 'before-restore']),
  label: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  sizeBytes: z.number().int(),
});

export const versionListResponse = z.object({ versions: z.array(versionResponse), next: z.string().nullable() });

export const versionContentResponse = z.object({ version: versionResponse, content: z.unknown() });

export const restoreResponse = z.object({ restored: z.uuid(), savedBefore: z.uuid().nullable(), added: z.number().int(), changed: z.number().int(), removed: z.number().int() });

export const changesResponse = z.object({
  changes: z.array(z.object({ type: z.string(), entryId: z.string(), actor: z.string(), actorName: z.string(), data: z.record(z.string(), z.unknown()), occurredAt: z.string() })),
  truncated: z.boolean(),
});

export function presentVersion(version: VersionSummary): z.output<typeof versionResponse> {
  return { id: version.id, seq: version.seq, kind: version.kind, label: version.label, createdBy: version.createdBy, createdAt: version.createdAt.toISOString(), sizeBytes: version.sizeBytes };
}

export const presentChange = (change: VersionChange) => ({ ...change, occurredAt: change.occurredAt.toISOString() });
