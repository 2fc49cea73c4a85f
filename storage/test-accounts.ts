import type { Queryable } from '../platform/db/database.js';

export const TEST_ACCOUNT_ENVIRONMENTS = ['production', 'staging', 'development', 'other'] as const;
export type TestAccountEnvironment = (typeof TEST_ACCOUNT_ENVIRONMENTS)[number];
export type RotationStatus = 'none' | 'ok' | 'reminded' | 'failed';

/** The rotation policy and where it stands. */
export interface RotationState {
  /** Null: no policy. */
  days: number | null;
  hasRotator: boolean;
  dueAt: Date | null;
  status: RotationStatus;
  error: string | null;
}

/** The envelope (platform/vault) exactly as stored: nothing here is ever in clear. */
export interface StoredEnvelope {
  keyId: string;
  wrappedKey: string;
  sealed: string;
}

/** A test account as stored; its secrets stay sealed in `envelope`. */
export interface StoredTestAccount {
  id: string;
  projectId: string;
  service: string;
  username: string;
  environment: TestAccountEnvironment;
  revealRoles: string[];
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  envelope: StoredEnvelope;
  passwordChangedAt: Date | null;
  lastRevealedAt: Date | null;
  rotation: RotationState;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  service: string;
  username: string;
  environment: TestAccountEnvironment;
  reveal_roles: string[];
  has_password: boolean;
  has_totp: boolean;
  has_notes: boolean;
  master_key_id: string;
  wrapped_key: string;
  sealed_secrets: string;
  password_changed_at: Date | null;
  last_revealed_at: Date | null;
  rotation_days: number | null;
  has_rotator: boolean;
  rotation_due_at: Date | null;
  rotation_status: RotationStatus;
  rotation_error: string | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, project_id, service, username, environment, reveal_roles, has_password, has_totp, has_notes, master_key_id, wrapped_key, sealed_secrets, password_changed_at, last_revealed_at, rotation_days, has_rotator, rotation_due_at, rotation_status, rotation_error, created_by, version, created_at, updated_at';

function toAccount(row: Row): StoredTestAccount {
  return {
    id: row.id,
    projectId: row.project_id,
    service: row.service,
    username: row.username,
    environment: row.environment,
    revealRoles: row.reveal_roles,
    hasPassword: row.has_password,
    hasTotp: row.has_totp,
    hasNotes: row.has_notes,
    envelope: { keyId: row.master_key_id, wrappedKey: row.wrapped_key, sealed: row.sealed_secrets },
    passwordChangedAt: row.password_changed_at,
    lastRevealedAt: row.last_revealed_at,
    rotation: { days: row.rotation_days, hasRotator: row.has_rotator, dueAt: row.rotation_due_at, status: row.rotation_status, error: row.rotation_error },
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Everything but the secrets, which arrive sealed. */
export interface TestAccountFields {
  service: string;
  username: string;
  environment: TestAccountEnvironment;
  revealRoles: readonly string[];
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  envelope: StoredEnvelope;
  /** The policy: every `days` (null: none), with or without a rotator webhook. */
  rotationDays: number | null;
  hasRotator: boolean;
}

/** The id is the caller's: the envelope is bound to it (associated data) before the row exists. */
export async function insertTestAccount(db: Queryable, input: TestAccountFields & { id: string; projectId: string; createdBy: string | null }): Promise<StoredTestAccount> {
  const { rows } = await db.query<Row>(
    `INSERT INTO test_accounts (id, project_id, service, username, environment, reveal_roles, has_password, has_totp, has_notes, master_key_id, wrapped_key, sealed_secrets, password_changed_at, created_by,
       rotation_days, has_rotator, rotation_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $7 THEN now() END, $13, $14::int, $15, now() + make_interval(days => $14::int)) RETURNING ${COLUMNS}`,
    [input.id, input.projectId, input.service, input.username, input.environment, [...input.revealRoles], input.hasPassword, input.hasTotp, input.hasNotes, input.envelope.keyId, input.envelope.wrappedKey, input.envelope.sealed, input.createdBy, input.rotationDays, input.hasRotator],
  );
  return toAccount(rows[0]!);
}

/** `forUpdate` locks the row for a read-modify-write of its secrets. */
export async function getTestAccount(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredTestAccount | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM test_accounts WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export interface TestAccountCursor {
  service: string;
  id: string;
}

/** A project's accounts by service (case-insensitive), then id; one more than `limit` tells whether a next page exists. */
export async function listTestAccounts(db: Queryable, projectId: string, options: { limit: number; after?: TestAccountCursor | undefined }): Promise<{ items: StoredTestAccount[]; next: TestAccountCursor | null }> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM test_accounts
     WHERE project_id = $1 AND ($2::text IS NULL OR (lower(service), id) > ($2::text, $3::uuid))
     ORDER BY lower(service), id LIMIT $4`,
    [projectId, options.after?.service ?? null, options.after?.id ?? null, options.limit + 1],
  );
  const items = rows.slice(0, options.limit).map(toAccount);
  const last = items.at(-1);
  return { items, next: rows.length > options.limit && last ? { service: last.service.toLowerCase(), id: last.id } : null };
}

export async function countTestAccounts(db: Queryable, projectId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM test_accounts WHERE project_id = $1', [projectId]);
  return rows[0]?.count ?? 0;
}

/**
 * Writes the whole account (the caller read it under lock and merged the change). A changed
 * password stamps the rotation time and starts the policy's period again; a changed policy too.
 * `rotation` records how a rotation pass went (its status and error), when one made the change.
 */
export async function updateTestAccount(
  db: Queryable,
  id: string,
  fields: TestAccountFields & { passwordChanged: boolean; policyChanged: boolean; rotation?: { status: RotationStatus; error: string | null } },
): Promise<StoredTestAccount> {
  const { rows } = await db.query<Row>(
    `UPDATE test_accounts SET service = $2, username = $3, environment = $4, reveal_roles = $5, has_password = $6, has_totp = $7, has_notes = $8,
       master_key_id = $9, wrapped_key = $10, sealed_secrets = $11,
       password_changed_at = CASE WHEN $12 THEN now() ELSE password_changed_at END,
       rotation_days = $14::int, has_rotator = $15,
       rotation_due_at = CASE WHEN $14::int IS NULL THEN NULL WHEN $12 OR $13 OR rotation_due_at IS NULL THEN now() + make_interval(days => $14::int) ELSE rotation_due_at END,
       rotation_status = CASE WHEN $14::int IS NULL THEN 'none' ELSE coalesce($16::text, CASE WHEN $12 OR $13 THEN 'none' ELSE rotation_status END) END,
       rotation_error = CASE WHEN $16::text IS NOT NULL THEN $17 WHEN $12 OR $13 THEN NULL ELSE rotation_error END,
       version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      fields.service,
      fields.username,
      fields.environment,
      [...fields.revealRoles],
      fields.hasPassword,
      fields.hasTotp,
      fields.hasNotes,
      fields.envelope.keyId,
      fields.envelope.wrappedKey,
      fields.envelope.sealed,
      fields.passwordChanged,
      fields.policyChanged,
      fields.rotationDays,
      fields.hasRotator,
      fields.rotation?.status ?? null,
      fields.rotation?.error ?? null,
    ],
  );
  return toAccount(rows[0]!);
}

/**
 * Claims up to `limit` accounts whose rotation is due, for `leaseSeconds`: their due time moves
 * that far ahead, so another worker's scan skips them meanwhile and a worker that dies leaves them
 * to be picked up again once the lease runs out. Answers their ids.
 */
export async function claimDueRotations(db: Queryable, options: { now: Date; limit: number; leaseSeconds: number }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE test_accounts a SET rotation_due_at = $1::timestamptz + make_interval(secs => $3::int)
     FROM (SELECT id FROM test_accounts WHERE rotation_due_at <= $1::timestamptz ORDER BY rotation_due_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
     WHERE a.id = due.id RETURNING a.id`,
    [options.now, options.limit, options.leaseSeconds],
  );
  return rows.map((row) => row.id);
}

/** After a pass that did not change the password (a reminder, a failed rotator): its outcome and when to act again. */
export async function recordRotationOutcome(db: Queryable, id: string, outcome: { status: RotationStatus; error: string | null; nextDueAt: Date }): Promise<void> {
  await db.query('UPDATE test_accounts SET rotation_status = $2, rotation_error = $3, rotation_due_at = CASE WHEN rotation_days IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1', [
    id,
    outcome.status,
    outcome.error,
    outcome.nextDueAt,
  ]);
}

export async function deleteTestAccount(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM test_accounts WHERE id = $1', [id]);
  return rowCount > 0;
}

export async function markRevealed(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE test_accounts SET last_revealed_at = now() WHERE id = $1', [id]);
}

/** Each master key id in use, with one record under it (to try the key on) and how many records it wraps. */
export async function masterKeysInUse(db: Queryable): Promise<{ keyId: string; records: number; sample: WrappedRecord }[]> {
  const { rows } = await db.query<{ master_key_id: string; records: number; id: string; project_id: string; wrapped_key: string }>(
    `SELECT DISTINCT ON (master_key_id) master_key_id, count(*) OVER (PARTITION BY master_key_id)::int AS records, id, project_id, wrapped_key
     FROM test_accounts ORDER BY master_key_id, id`,
  );
  return rows.map((row) => ({ keyId: row.master_key_id, records: row.records, sample: { id: row.id, projectId: row.project_id, keyId: row.master_key_id, wrappedKey: row.wrapped_key } }));
}

/** What re-wrapping a record's data key needs: never its sealed secrets. */
export interface WrappedRecord {
  id: string;
  projectId: string;
  keyId: string;
  wrappedKey: string;
}

/** A batch (by id, after `afterId`) of records whose data key another master key than `currentKeyId` wraps. */
export async function wrappedByOtherKeys(db: Queryable, currentKeyId: string, options: { afterId: string | null; limit: number }): Promise<WrappedRecord[]> {
  const { rows } = await db.query<{ id: string; project_id: string; master_key_id: string; wrapped_key: string }>(
    'SELECT id, project_id, master_key_id, wrapped_key FROM test_accounts WHERE master_key_id <> $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3',
    [currentKeyId, options.afterId, options.limit],
  );
  return rows.map((row) => ({ id: row.id, projectId: row.project_id, keyId: row.master_key_id, wrappedKey: row.wrapped_key }));
}

export async function countWrappedByOtherKeys(db: Queryable, currentKeyId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM test_accounts WHERE master_key_id <> $1', [currentKeyId]);
  return rows[0]?.count ?? 0;
}

/**
 * Swaps one record's wrapped key, only if it is still the one that was read: an edit meanwhile
 * sealed the record afresh under the current key, and must not be overwritten. The sealed data and
 * the version stay: re-wrapping changes nothing a reader could see.
 */
export async function replaceWrappedKey(db: Queryable, id: string, from: { keyId: string; wrappedKey: string }, to: { keyId: string; wrappedKey: string }): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE test_accounts SET master_key_id = $4, wrapped_key = $5 WHERE id = $1 AND master_key_id = $2 AND wrapped_key = $3', [
    id,
    from.keyId,
    from.wrappedKey,
    to.keyId,
    to.wrappedKey,
  ]);
  return rowCount > 0;
}
