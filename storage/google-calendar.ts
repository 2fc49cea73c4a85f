import type { Queryable } from '../platform/db/database.js';

/** SQL for Google Calendar sync: connected accounts, links between calendars, and the events known on both sides. */

export type GoogleAccountStatus = 'active' | 'needs-reconnect';
export type LinkStatus = 'active' | 'needs-reconnect' | 'error';

export interface GoogleAccountRow {
  id: string;
  userId: string;
  googleSubject: string;
  email: string;
  /** Sealed (platform/secrets). */
  refreshToken: string;
  scopes: string;
  status: GoogleAccountStatus;
  lastError: string | null;
  createdAt: Date;
}

const ACCOUNT_COLUMNS = `id, user_id AS "userId", google_subject AS "googleSubject", email, refresh_token AS "refreshToken", scopes, status, last_error AS "lastError", created_at AS "createdAt"`;

/** A reconnect replaces the token and makes the account (and its links) active again. */
export async function upsertGoogleAccount(tx: Queryable, account: { userId: string; googleSubject: string; email: string; refreshToken: string; scopes: string }): Promise<GoogleAccountRow> {
  const { rows } = await tx.query<GoogleAccountRow>(
    `INSERT INTO google_accounts (user_id, google_subject, email, refresh_token, scopes) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, google_subject) DO UPDATE SET email = $3, refresh_token = $4, scopes = $5, status = 'active', last_error = NULL, updated_at = now()
     RETURNING ${ACCOUNT_COLUMNS}`,
    [account.userId, account.googleSubject, account.email, account.refreshToken, account.scopes],
  );
  await tx.query(`UPDATE google_calendar_links SET status = 'active', last_error = NULL WHERE account_id = $1 AND status = 'needs-reconnect'`, [rows[0]!.id]);
  return rows[0]!;
}

export async function listGoogleAccounts(db: Queryable, userId: string): Promise<GoogleAccountRow[]> {
  const { rows } = await db.query<GoogleAccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM google_accounts WHERE user_id = $1 ORDER BY created_at`, [userId]);
  return rows;
}

export async function getGoogleAccount(db: Queryable, id: string): Promise<GoogleAccountRow | null> {
  const { rows } = await db.query<GoogleAccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM google_accounts WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Google refused the token: the account and every link through it wait for the person to reconnect. */
export async function markNeedsReconnect(db: Queryable, accountId: string, reason: string): Promise<void> {
  await db.query(`UPDATE google_accounts SET status = 'needs-reconnect', last_error = $2, updated_at = now() WHERE id = $1`, [accountId, reason]);
  await db.query(`UPDATE google_calendar_links SET status = 'needs-reconnect', last_error = $2 WHERE account_id = $1`, [accountId, reason]);
}

export async function deleteGoogleAccount(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM google_accounts WHERE id = $1', [id]);
}

export interface LinkRow {
  id: string;
  projectId: string;
  documentName: string;
  accountId: string;
  googleCalendarId: string;
  googleCalendarSummary: string;
  googleTimeZone: string;
  createdBy: string;
  syncToken: string | null;
  channelId: string | null;
  channelResourceId: string | null;
  channelTokenHash: string | null;
  channelExpiresAt: Date | null;
  status: LinkStatus;
  lastError: string | null;
  lastSyncedAt: Date | null;
  recurringSkipped: number;
  createdAt: Date;
}

const LINK_COLUMNS = `l.id, l.project_id AS "projectId", l.document_name AS "documentName", l.account_id AS "accountId",
  l.google_calendar_id AS "googleCalendarId", l.google_calendar_summary AS "googleCalendarSummary", l.google_time_zone AS "googleTimeZone",
  l.created_by AS "createdBy", l.sync_token AS "syncToken", l.channel_id AS "channelId", l.channel_resource_id AS "channelResourceId",
  l.channel_token_hash AS "channelTokenHash", l.channel_expires_at AS "channelExpiresAt", l.status, l.last_error AS "lastError",
  l.last_synced_at AS "lastSyncedAt", l.recurring_skipped AS "recurringSkipped", l.created_at AS "createdAt"`;

/** Null when the document or the Google calendar is linked already (each may have one link). */
export async function insertLink(
  tx: Queryable,
  link: { projectId: string; documentName: string; accountId: string; googleCalendarId: string; googleCalendarSummary: string; googleTimeZone: string; createdBy: string },
): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO google_calendar_links AS l (project_id, document_name, account_id, google_calendar_id, google_calendar_summary, google_time_zone, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${LINK_COLUMNS}`,
    [link.projectId, link.documentName, link.accountId, link.googleCalendarId, link.googleCalendarSummary, link.googleTimeZone, link.createdBy],
  );
  return rows[0] ?? null;
}

export async function getLink(db: Queryable, id: string): Promise<LinkRow | null> {
  const { rows } = await db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM google_calendar_links l WHERE l.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listLinksOfAccount(db: Queryable, accountId: string): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM google_calendar_links l WHERE l.account_id = $1`, [accountId]);
  return rows;
}

export async function linkByChannel(db: Queryable, channelId: string): Promise<LinkRow | null> {
  const { rows } = await db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM google_calendar_links l WHERE l.channel_id = $1`, [channelId]);
  return rows[0] ?? null;
}

export interface LinkListing extends LinkRow {
  documentId: string;
  documentTitle: string;
  accountEmail: string;
}

export async function listLinks(db: Queryable, projectId: string): Promise<LinkListing[]> {
  const { rows } = await db.query<LinkListing>(
    `SELECT ${LINK_COLUMNS}, d.id AS "documentId", d.title AS "documentTitle", a.email AS "accountEmail"
     FROM google_calendar_links l JOIN documents d ON d.name = l.document_name JOIN google_accounts a ON a.id = l.account_id
     WHERE l.project_id = $1 ORDER BY l.created_at`,
    [projectId],
  );
  return rows;
}

/** The links of these documents (to sync after their events changed). */
export async function linkIdsOfDocuments(db: Queryable, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM google_calendar_links WHERE document_name = ANY($1::text[]) AND status = 'active'`, [names]);
  return rows.map((row) => row.id);
}

export async function deleteLink(tx: Queryable, id: string): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(`DELETE FROM google_calendar_links l WHERE l.id = $1 RETURNING ${LINK_COLUMNS}`, [id]);
  return rows[0] ?? null;
}

export async function recordSyncDone(db: Queryable, id: string, outcome: { syncToken: string | null; recurringSkipped: number }): Promise<void> {
  await db.query(
    `UPDATE google_calendar_links SET sync_token = $2, recurring_skipped = $3, last_synced_at = now(), last_attempt_at = now(), status = 'active', last_error = NULL WHERE id = $1`,
    [id, outcome.syncToken, outcome.recurringSkipped],
  );
}

export async function recordLinkError(db: Queryable, id: string, message: string): Promise<void> {
  await db.query(`UPDATE google_calendar_links SET status = 'error', last_error = $2, last_attempt_at = now() WHERE id = $1`, [id, message.slice(0, 1_000)]);
}

export async function setChannel(db: Queryable, id: string, channel: { id: string; resourceId: string; tokenHash: string; expiresAt: Date } | null): Promise<void> {
  await db.query(`UPDATE google_calendar_links SET channel_id = $2, channel_resource_id = $3, channel_token_hash = $4, channel_expires_at = $5 WHERE id = $1`, [
    id,
    channel?.id ?? null,
    channel?.resourceId ?? null,
    channel?.tokenHash ?? null,
    channel?.expiresAt ?? null,
  ]);
}

/**
 * Links the scanner should sync now. Active ones: never synced, their document changed since the
 * last pass (edits the change feed has no event for, such as a new title), polled (no live push
 * channel) and due (each such pass also tries to open a channel when push is on), or with a
 * channel ending within `renewWithinSeconds` (the pass renews it). Links in error are retried at
 * the polling pace only.
 */
export async function linksDue(db: Queryable, options: { pollSeconds: number; renewWithinSeconds: number; push: boolean }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT l.id FROM google_calendar_links l JOIN documents d ON d.name = l.document_name
     WHERE (l.status = 'active' AND (
       l.last_synced_at IS NULL OR d.updated_at > l.last_synced_at
       OR ((l.channel_id IS NULL OR l.channel_expires_at < now()) AND l.last_synced_at < now() - make_interval(secs => $1))
       OR ($3 AND l.channel_id IS NOT NULL AND l.channel_expires_at < now() + make_interval(secs => $2))
     )) OR (l.status = 'error' AND (l.last_attempt_at IS NULL OR l.last_attempt_at < now() - make_interval(secs => $1)))`,
    [options.pollSeconds, options.renewWithinSeconds, options.push],
  );
  return rows.map((row) => row.id);
}

export interface EntryConflict {
  fields: string[];
  winner: 'google' | 'here';
  at: string;
}

export interface SyncedEntryRow {
  eventId: string;
  googleEventId: string;
  etag: string | null;
  googleUpdated: Date | null;
  synced: Record<string, unknown>;
  conflict: EntryConflict | null;
  flags: string[];
}

export async function loadSyncedEntries(db: Queryable, linkId: string): Promise<SyncedEntryRow[]> {
  const { rows } = await db.query<SyncedEntryRow>(
    `SELECT event_id AS "eventId", google_event_id AS "googleEventId", etag, google_updated AS "googleUpdated", synced, conflict, flags
     FROM google_calendar_entries WHERE link_id = $1`,
    [linkId],
  );
  return rows;
}

export async function saveSyncedEntry(db: Queryable, linkId: string, entry: Omit<SyncedEntryRow, 'conflict'> & { conflict?: EntryConflict | null }): Promise<void> {
  await db.query(
    `INSERT INTO google_calendar_entries (link_id, event_id, google_event_id, etag, google_updated, synced, conflict, flags)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (link_id, event_id) DO UPDATE SET google_event_id = $3, etag = $4, google_updated = $5, synced = $6,
       conflict = COALESCE($7, google_calendar_entries.conflict), flags = $8`,
    [linkId, entry.eventId, entry.googleEventId, entry.etag, entry.googleUpdated, JSON.stringify(entry.synced), entry.conflict ? JSON.stringify(entry.conflict) : null, entry.flags],
  );
}

/** The latest conflicts of a link, newest first, with the event's title as we have it. */
export async function recentConflicts(db: Queryable, linkId: string, limit = 20): Promise<{ eventId: string; title: string; conflict: EntryConflict }[]> {
  const { rows } = await db.query<{ eventId: string; title: string; conflict: EntryConflict }>(
    `SELECT event_id AS "eventId", COALESCE(synced->>'title', '') AS title, conflict FROM google_calendar_entries
     WHERE link_id = $1 AND conflict IS NOT NULL ORDER BY conflict->>'at' DESC LIMIT $2`,
    [linkId, limit],
  );
  return rows;
}

export async function forgetSyncedEntries(db: Queryable, linkId: string, googleEventIds: readonly string[]): Promise<void> {
  if (googleEventIds.length === 0) return;
  await db.query('DELETE FROM google_calendar_entries WHERE link_id = $1 AND google_event_id = ANY($2::text[])', [linkId, googleEventIds]);
}

/** Our side of a linked calendar: each event of the projection with its version and when it last changed. */
export async function calendarEntries(db: Queryable, documentName: string): Promise<{ eventId: string; data: unknown; etag: string; updatedAt: Date }[]> {
  const { rows } = await db.query<{ eventId: string; data: unknown; etag: string; updatedAt: Date }>(
    `SELECT entry_id AS "eventId", data, etag, updated_at AS "updatedAt" FROM document_entries WHERE document_name = $1 AND collection = 'events'`,
    [documentName],
  );
  return rows;
}
