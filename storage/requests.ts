import type { Queryable } from '../platform/db/database.js';

/** The vocabulary the table's CHECK constraints hold (migration 0011). */
export const REQUEST_TYPES = ['design-change', 'user-research', 'dev-handoff', 'content-update', 'report-user-pattern'] as const;
export const REQUEST_STATUSES = ['open', 'in-progress', 'in-review', 'done', 'declined'] as const;
export const REQUEST_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

export interface Attachment {
  url: string;
  title: string | null;
}

export interface StoredRequest {
  id: string;
  projectId: string;
  type: RequestType;
  title: string;
  description: string;
  status: RequestStatus;
  priority: RequestPriority;
  /** 'user:<uuid>' or 'key:<uuid>'. */
  requester: string;
  assigneeId: string | null;
  figmaUrl: string | null;
  attachments: Attachment[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  type: RequestType;
  title: string;
  description: string;
  status: RequestStatus;
  priority: RequestPriority;
  requester: string;
  assignee_id: string | null;
  figma_url: string | null;
  attachments: Attachment[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, project_id, type, title, description, status, priority, requester, assignee_id, figma_url, attachments, version, created_at, updated_at';

function toRequest(row: Row): StoredRequest {
  return {
    id: row.id,
    projectId: row.project_id,
    type: row.type,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    requester: row.requester,
    assigneeId: row.assignee_id,
    figmaUrl: row.figma_url,
    attachments: row.attachments,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewRequest = Pick<StoredRequest, 'projectId' | 'type' | 'title' | 'description' | 'priority' | 'requester' | 'assigneeId' | 'figmaUrl' | 'attachments'>;

export async function insertRequest(tx: Queryable, input: NewRequest): Promise<StoredRequest> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO requests (project_id, type, title, description, priority, requester, assignee_id, figma_url, attachments)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [input.projectId, input.type, input.title, input.description, input.priority, input.requester, input.assigneeId, input.figmaUrl, JSON.stringify(input.attachments)],
  );
  return toRequest(rows[0]!);
}

/** A request by id (already checked to be a uuid); `forUpdate` locks it for the caller's transaction. */
export async function getRequest(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredRequest | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM requests WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toRequest(rows[0]) : null;
}

export type RequestChanges = Partial<Pick<StoredRequest, 'type' | 'title' | 'description' | 'status' | 'priority' | 'assigneeId' | 'figmaUrl' | 'attachments'>>;

const CHANGE_COLUMNS: Record<keyof RequestChanges, string> = {
  type: 'type',
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  assigneeId: 'assignee_id',
  figmaUrl: 'figma_url',
  attachments: 'attachments',
};

/** Applies changes to a request and bumps its version (in the caller's transaction, after `getRequest(..., { forUpdate })`). */
export async function updateRequest(tx: Queryable, id: string, changes: RequestChanges): Promise<StoredRequest> {
  const params: unknown[] = [id];
  const sets = ['version = version + 1', 'updated_at = now()'];
  for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof RequestChanges, string][]) {
    if (changes[field] === undefined) continue;
    params.push(field === 'attachments' ? JSON.stringify(changes[field]) : changes[field]);
    sets.push(`${column} = $${params.length}`);
  }
  const { rows } = await tx.query<Row>(`UPDATE requests SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`, params);
  return toRequest(rows[0]!);
}

export interface RequestFilters {
  status?: RequestStatus | undefined;
  type?: RequestType | undefined;
  /** A user's id, or null for requests nobody is assigned to. */
  assigneeId?: string | null | undefined;
}

/** Where a page ended (newest first: created_at desc, id desc). */
export interface RequestCursor {
  /** The instant to the microsecond, as `2026-12-02T10:20:30.123456Z`. */
  createdAt: string;
  id: string;
}

/** A project's requests, newest first, filtered; keyset pages whose cost does not grow with the page number. */
export async function listRequests(
  db: Queryable,
  projectId: string,
  options: { filters: RequestFilters; limit: number; after?: RequestCursor | undefined },
): Promise<{ items: StoredRequest[]; next: RequestCursor | null }> {
  const params: unknown[] = [projectId, options.limit + 1];
  const where = ['project_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (options.filters.status) add((p) => `status = ${p}`, options.filters.status);
  if (options.filters.type) add((p) => `type = ${p}`, options.filters.type);
  if (options.filters.assigneeId === null) where.push('assignee_id IS NULL');
  else if (options.filters.assigneeId) add((p) => `assignee_id = ${p}::uuid`, options.filters.assigneeId);
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  const { rows } = await db.query<Row & { created_text: string }>(
    `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_text FROM requests WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`,
    params,
  );
  const page = rows.slice(0, options.limit);
  const last = rows.length > options.limit ? page.at(-1) : undefined;
  return { items: page.map(toRequest), next: last ? { createdAt: last.created_text, id: last.id } : null };
}
