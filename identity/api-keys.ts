import type { Queryable } from '../platform/db/database.js';
import { hashSecret, randomSecret } from './hashing.js';
import type { ApiKeyRole, ProjectRole } from './roles.js';

/** Keys look like `ssk_<prefix>_<secret>`, so a Bearer value is recognised as a key without a lookup. */
export const API_KEY_PREFIX = 'ssk_';

export interface ApiKey {
  id: string;
  projectId: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  project_id: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
}

const COLUMNS = 'id, project_id, name, role, prefix, created_by, created_at, last_used_at';

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

/** Returns the key's secret once; only its hash is stored. */
export async function createApiKey(
  tx: Queryable,
  options: { projectId: string; name: string; role: ApiKeyRole; createdBy: string },
): Promise<{ apiKey: ApiKey; secret: string }> {
  const prefix = randomSecret(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = `${API_KEY_PREFIX}${prefix}_${randomSecret(32)}`;
  const { rows } = await tx.query<ApiKeyRow>(
    `INSERT INTO api_keys (project_id, name, role, prefix, key_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [options.projectId, options.name, options.role, prefix, hashSecret(secret), options.createdBy],
  );
  return { apiKey: toApiKey(rows[0]!), secret };
}

export async function listApiKeys(db: Queryable, projectId: string): Promise<ApiKey[]> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE project_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`, [projectId]);
  return rows.map(toApiKey);
}

/** Revokes a live key of the project; false when there is none. */
export async function revokeApiKey(tx: Queryable, projectId: string, id: string): Promise<ApiKey | null> {
  const { rows } = await tx.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = now() WHERE project_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [projectId, id],
  );
  return rows[0] ? toApiKey(rows[0]) : null;
}

/** A key found by its secret, with what its creator may do in its project right now. */
export interface PresentedApiKey extends ApiKey {
  creatorRole: ProjectRole;
}

/**
 * The live key with this secret, in a live project whose member its creator still is, with
 * the creator's current role there (a key never acts with more than its creator may); records
 * its use. A key whose creator has left the project is found by nobody.
 */
export async function findApiKeyBySecret(db: Queryable, secret: string): Promise<PresentedApiKey | null> {
  const { rows } = await db.query<ApiKeyRow & { creator_role: ProjectRole }>(
    `UPDATE api_keys k SET last_used_at = now()
     FROM projects p, project_members m
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND p.id = k.project_id AND p.deleted_at IS NULL
       AND m.project_id = k.project_id AND m.user_id = k.created_by
     RETURNING ${COLUMNS.split(', ').map((c) => `k.${c}`).join(', ')}, m.role AS creator_role`,
    [hashSecret(secret)],
  );
  const row = rows[0];
  return row ? { ...toApiKey(row), creatorRole: row.creator_role } : null;
}
