import type { Queryable } from '../platform/db/database.js';
import { hashSecret, randomSecret } from './hashing.js';

export interface IssuedRefreshToken {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

export async function startSession(tx: Queryable, options: { userId: string; provider: string; ttlDays: number }): Promise<IssuedRefreshToken> {
  const { rows } = await tx.query<{ id: string }>('INSERT INTO sessions (user_id, provider) VALUES ($1, $2) RETURNING id', [options.userId, options.provider]);
  return issueRefreshToken(tx, rows[0]!.id, options.userId, options.ttlDays);
}

async function issueRefreshToken(tx: Queryable, sessionId: string, userId: string, ttlDays: number): Promise<IssuedRefreshToken> {
  const refreshToken = randomSecret();
  const { rows } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO refresh_tokens (session_id, user_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4)) RETURNING expires_at`,
    [sessionId, userId, hashSecret(refreshToken), ttlDays],
  );
  return { sessionId, refreshToken, expiresAt: rows[0]!.expires_at };
}

export type RotateResult =
  | { outcome: 'rotated'; userId: string; token: IssuedRefreshToken }
  | { outcome: 'reused'; userId: string; sessionId: string }
  | { outcome: 'invalid' };

/**
 * Exchanges a refresh token for a new one. A token that was already exchanged means it was
 * copied: the whole session is revoked, so neither the thief nor the owner can go on with it
 * (on `reused`, the caller emits `sessionEnded` once the transaction commits).
 */
export async function rotateRefreshToken(tx: Queryable, presented: string, ttlDays: number): Promise<RotateResult> {
  const { rows } = await tx.query<{ id: string; session_id: string; user_id: string; replaced_at: Date | null; expired: boolean; revoked: boolean }>(
    `SELECT t.id, t.session_id, t.user_id, t.replaced_at, t.expires_at <= now() AS expired, s.revoked_at IS NOT NULL AS revoked
     FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
     WHERE t.token_hash = $1
     FOR UPDATE OF t`,
    [hashSecret(presented)],
  );
  const row = rows[0];
  if (!row || row.expired || row.revoked) return { outcome: 'invalid' };
  if (row.replaced_at) {
    await revokeSession(tx, row.session_id, 'refresh token reused');
    return { outcome: 'reused', userId: row.user_id, sessionId: row.session_id };
  }
  await tx.query('UPDATE refresh_tokens SET replaced_at = now() WHERE id = $1', [row.id]);
  return { outcome: 'rotated', userId: row.user_id, token: await issueRefreshToken(tx, row.session_id, row.user_id, ttlDays) };
}

/**
 * Ends a session: its access and refresh tokens stop working on the next check. Open sockets
 * do not re-check, so every caller emits `{ type: 'sessionEnded' }` on the access events after
 * its transaction commits (`rest/auth/session-routes.ts`).
 */
export async function revokeSession(tx: Queryable, sessionId: string, reason: string): Promise<void> {
  await tx.query('UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, reason]);
}

/** The session a refresh token belongs to, whatever its state; for logout. */
export async function findSessionByRefreshToken(db: Queryable, presented: string): Promise<{ sessionId: string; userId: string } | null> {
  const { rows } = await db.query<{ session_id: string; user_id: string }>('SELECT session_id, user_id FROM refresh_tokens WHERE token_hash = $1', [
    hashSecret(presented),
  ]);
  return rows[0] ? { sessionId: rows[0].session_id, userId: rows[0].user_id } : null;
}
