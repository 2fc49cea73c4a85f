import type { Queryable } from '../platform/db/database.js';

export interface StoredRequestComment {
  id: string;
  requestId: string;
  /** 'user:<uuid>' or 'key:<uuid>'. */
  author: string;
  body: string;
  createdAt: Date;
}

interface Row {
  id: string;
  request_id: string;
  author: string;
  body: string;
  created_at: Date;
}

const toComment = (row: Row): StoredRequestComment => ({ id: row.id, requestId: row.request_id, author: row.author, body: row.body, createdAt: row.created_at });

export async function insertRequestComment(tx: Queryable, input: { requestId: string; author: string; body: string }): Promise<StoredRequestComment> {
  const { rows } = await tx.query<Row>('INSERT INTO request_comments (request_id, author, body) VALUES ($1, $2, $3) RETURNING id, request_id, author, body, created_at', [input.requestId, input.author, input.body]);
  return toComment(rows[0]!);
}

/** A request's comments, oldest first: the latest `limit` of them, and how many there are in all. */
export async function listRequestComments(db: Queryable, requestId: string, limit: number): Promise<{ items: StoredRequestComment[]; total: number }> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM (SELECT id, request_id, author, body, created_at FROM request_comments WHERE request_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2) latest ORDER BY created_at, id`,
    [requestId, limit],
  );
  const count = await db.query<{ n: string }>('SELECT count(*) AS n FROM request_comments WHERE request_id = $1', [requestId]);
  return { items: rows.map(toComment), total: Number(count.rows[0]?.n ?? 0) };
}
