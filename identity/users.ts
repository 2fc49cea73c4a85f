import { AppError } from '../platform/app-error.js';
import type { Queryable } from '../platform/db/database.js';
import { LINK_EMAIL_DOMAIN } from './document-links.js';

/**
 * The erased identity's address (migration 0031): erased people's content points to that account,
 * so nobody may sign in as it or be invited as it, whatever an identity provider asserts.
 */
export const ERASED_USER_EMAIL = 'erased-user@invalid';

function refuseReserved(email: string): void {
  const address = email.trim().toLowerCase();
  // Share links' identities: signing in as one would take the link's access over.
  if (address.endsWith(`@${LINK_EMAIL_DOMAIN}`)) throw new AppError('VALIDATION_FAILED', 'This email address is reserved.', [{ path: 'email', message: 'reserved' }]);
  if (address === ERASED_USER_EMAIL) throw new AppError('VALIDATION_FAILED', 'This email address is reserved.', [{ path: 'email', message: 'reserved' }]);
}

export interface User {
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  /** The colour they chose (`#rrggbb`), or null for the one derived from their id. */
  color: string | null;
  createdAt: Date;
}

export interface ExternalIdentity {
  provider: 'google' | 'saml' | 'dev';
  /** The provider's stable id for the person (Google `sub`, SAML NameID, the email for dev). */
  subject: string;
  email: string;
  /** Only a verified email may link to an existing account. */
  emailVerified: boolean;
  name?: string | undefined;
  avatarUrl?: string | undefined;
}

export class UnverifiedEmailError extends Error {
  constructor() {
    super('the identity provider did not verify this email address');
    this.name = 'UnverifiedEmailError';
  }
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  avatar_url: string | null;
  color: string | null;
  created_at: Date;
}

const USER_COLUMNS = 'id, email, name, avatar_url, color, created_at';

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, avatarUrl: row.avatar_url, color: row.color, createdAt: row.created_at };
}

/** Finds the user of an identity, or links it to the account with the same verified email, or creates one. */
export async function upsertUserByIdentity(tx: Queryable, identity: ExternalIdentity): Promise<{ user: User; created: boolean }> {
  const known = await tx.query<UserRow>(
    `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')} FROM user_identities i JOIN users u ON u.id = i.user_id
     WHERE i.provider = $1 AND i.subject = $2`,
    [identity.provider, identity.subject],
  );
  const given = identity.name?.trim() || null;
  if (known.rows[0]) return { user: toUser((await takeGivenName(tx, known.rows[0].id, given)) ?? known.rows[0]), created: false };
  if (!identity.emailVerified) throw new UnverifiedEmailError();
  refuseReserved(identity.email);

  const email = identity.email.trim();
  // ON CONFLICT makes two first sign-ins racing for one email end with one user. An account an
  // invitation made (its name only the email) takes the name this sign-in brings.
  const { rows } = await tx.query<UserRow & { inserted: boolean }>(
    `INSERT INTO users (email, name, avatar_url) VALUES ($1, $2, $3)
     ON CONFLICT (lower(email)) DO UPDATE SET
       name = CASE WHEN users.name_source = 'invitation' AND $4::text IS NOT NULL THEN $4 ELSE users.name END,
       name_source = CASE WHEN users.name_source = 'invitation' AND $4::text IS NOT NULL THEN 'person' ELSE users.name_source END,
       avatar_url = COALESCE(users.avatar_url, $3)
     RETURNING ${USER_COLUMNS}, (xmax = 0) AS inserted`,
    [email, given ?? email.split('@')[0]!, identity.avatarUrl ?? null, given],
  );
  const row = rows[0]!;
  await tx.query('INSERT INTO user_identities (provider, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    identity.provider,
    identity.subject,
    row.id,
  ]);
  return { user: toUser(row), created: row.inserted };
}

export async function getUserById(db: Queryable, id: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function getUserByEmail(db: Queryable, email: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function updateProfile(db: Queryable, id: string, changes: { name?: string | undefined; avatarUrl?: string | null | undefined; color?: string | null | undefined }): Promise<User> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       name = CASE WHEN $2::boolean THEN $3 ELSE name END,
       name_source = CASE WHEN $2::boolean THEN 'person' ELSE name_source END,
       avatar_url = CASE WHEN $4::boolean THEN $5 ELSE avatar_url END,
       color = CASE WHEN $6::boolean THEN $7 ELSE color END,
       updated_at = now()
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, changes.name !== undefined, changes.name ?? null, changes.avatarUrl !== undefined, changes.avatarUrl ?? null, changes.color !== undefined, changes.color ?? null],
  );
  return toUser(rows[0]!);
}

/**
 * The account for an email, created (without a sign-in identity yet) when there is none: an
 * invitation. Its name is the email itself, not one made up from it, until the person's first
 * sign-in brings theirs.
 */
export async function upsertUserByEmail(tx: Queryable, email: string): Promise<User> {
  refuseReserved(email);
  const { rows } = await tx.query<UserRow>(
    `INSERT INTO users (email, name, name_source) VALUES ($1, $1, 'invitation')
     ON CONFLICT (lower(email)) DO UPDATE SET updated_at = users.updated_at
     RETURNING ${USER_COLUMNS}`,
    [email.trim()],
  );
  return toUser(rows[0]!);
}

/** A sign-in of a known identity that brings a name: taken only while the account's name is an invitation's. */
async function takeGivenName(tx: Queryable, userId: string, given: string | null): Promise<UserRow | null> {
  if (!given) return null;
  const { rows } = await tx.query<UserRow>(
    `UPDATE users SET name = $2, name_source = 'person', updated_at = now() WHERE id = $1 AND name_source = 'invitation' RETURNING ${USER_COLUMNS}`,
    [userId, given],
  );
  return rows[0] ?? null;
}
