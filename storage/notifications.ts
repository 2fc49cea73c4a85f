import type { Queryable } from '../platform/db/database.js';
import { type EventRow, type StoredEvent, toEvent } from './change-feed.js';

export interface StoredNotification {
  id: string;
  userId: string;
  projectId: string;
  createdAt: Date;
  readAt: Date | null;
  event: StoredEvent;
}

/** A notification joined with its event: the event's columns under their own names, its id as event_id. */
interface Row extends Omit<EventRow, 'id'> {
  id: string;
  user_id: string;
  created_at: Date;
  read_at: Date | null;
  event_id: string;
}

const SELECT = `SELECT n.id, n.user_id, n.project_id, n.created_at, n.read_at, e.id AS event_id, e.seq, e.document_name, e.kind, e.type, e.entry_id, e.actor, e.data, e.occurred_at
  FROM notifications n JOIN document_events e ON e.id = n.event_id`;

function toNotification(row: Row): StoredNotification {
  return {
    id: row.id,
    userId: row.user_id,
    projectId: row.project_id,
    createdAt: row.created_at,
    readAt: row.read_at,
    event: toEvent({ ...row, id: row.event_id }),
  };
}

/** Notifies each user of an event once: a delivery that runs twice inserts nothing the second time. Returns those created now. */
export async function insertNotifications(db: Queryable, event: StoredEvent, userIds: readonly string[]): Promise<StoredNotification[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO notifications (user_id, event_id, project_id) SELECT u, $2, $3 FROM unnest($1::uuid[]) AS u
     ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id`,
    [userIds, event.id, event.projectId],
  );
  if (rows.length === 0) return [];
  const created = await db.query<Row>(`${SELECT} WHERE n.id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
  return created.rows.map(toNotification);
}

/** A user's notifications, unread first, then newest first; keyset pages. */
export async function listNotifications(
  db: Queryable,
  userId: string,
  options: { unreadOnly: boolean; limit: number; after?: { unread: boolean; createdAt: string; id: string } | undefined },
): Promise<{ items: StoredNotification[]; next: { unread: boolean; createdAt: string; id: string } | null }> {
  const params: unknown[] = [userId, options.limit + 1];
  const where = ['n.user_id = $1'];
  if (options.unreadOnly) where.push('n.read_at IS NULL');
  if (options.after) {
    params.push(options.after.unread, options.after.createdAt, options.after.id);
    // Order: unread (true first), created_at desc, id desc; the page continues strictly after the cursor.
    where.push(`((n.read_at IS NULL) < $3 OR ((n.read_at IS NULL) = $3 AND (n.created_at < $4::timestamptz OR (n.created_at = $4::timestamptz AND n.id < $5::uuid))))`);
  }
  const { rows } = await db.query<Row & { created_text: string }>(
    `${SELECT.replace('SELECT ', 'SELECT n.created_at::text AS created_text, ')} WHERE ${where.join(' AND ')} ORDER BY (n.read_at IS NULL) DESC, n.created_at DESC, n.id DESC LIMIT $2`,
    params,
  );
  const page = rows.slice(0, options.limit);
  const last = rows.length > options.limit ? page.at(-1) : undefined;
  return { items: page.map(toNotification), next: last ? { unread: last.read_at === null, createdAt: last.created_text, id: last.id } : null };
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return Number(rows[0]?.n ?? 0);
}

/** Marks some (or, with `ids` null, all) of a user's notifications read; another user's ids change nothing. */
export async function markRead(db: Queryable, userId: string, ids: readonly string[] | null): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${ids ? 'AND id = ANY($2::uuid[])' : ''}`,
    ids ? [userId, ids] : [userId],
  );
  return rowCount;
}
