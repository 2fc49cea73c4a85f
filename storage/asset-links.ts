import type { Queryable } from '../platform/db/database.js';

export interface PipelineAssetLink {
  documentName: string;
  /** The asset entry's id in the pipeline document. */
  entryId: string;
  /** The campaign or video entry it belongs to. */
  itemId: string;
}

/**
 * Pipeline asset entries pointing to an uploaded file (`url` = `asset:<id>`), read from the entry
 * projection, so no document is loaded to find them (the projection is as fresh as the log).
 */
export async function pipelineLinksTo(db: Queryable, projectId: string, assetUrl: string): Promise<PipelineAssetLink[]> {
  const { rows } = await db.query<{ document_name: string; entry_id: string; item_id: string }>(
    `SELECT document_name, entry_id, data->>'itemId' AS item_id FROM document_entries
     WHERE project_id = $1 AND kind = 'pipeline' AND collection = 'assets' AND data->>'url' = $2
     ORDER BY document_name, entry_id`,
    [projectId, assetUrl],
  );
  return rows.map((row) => ({ documentName: row.document_name, entryId: row.entry_id, itemId: row.item_id }));
}

export interface CardAssetLink {
  documentName: string;
  /** The card's id in the board document. */
  cardId: string;
  title: string;
}

/** Kanban cards whose `links` hold `{ kind: 'asset', target: assetUrl }`, from the entry projection (archived cards too). */
export async function cardLinksTo(db: Queryable, projectId: string, assetUrl: string): Promise<CardAssetLink[]> {
  const { rows } = await db.query<{ document_name: string; entry_id: string; title: string | null }>(
    `SELECT document_name, entry_id, data->>'title' AS title FROM document_entries
     WHERE project_id = $1 AND kind = 'kanban' AND collection = 'cards' AND data->'links' @> $2::jsonb
     ORDER BY document_name, entry_id`,
    [projectId, JSON.stringify([{ kind: 'asset', target: assetUrl }])],
  );
  return rows.map((row) => ({ documentName: row.document_name, cardId: row.entry_id, title: row.title ?? '' }));
}

export interface RequestAssetLink {
  requestId: string;
  title: string;
}

/** Requests a file is attached to (migration 0025). */
export async function requestLinksTo(db: Queryable, projectId: string, assetId: string): Promise<RequestAssetLink[]> {
  const { rows } = await db.query<{ request_id: string; title: string }>(
    `SELECT a.request_id, r.title FROM request_attachments a JOIN requests r ON r.id = a.request_id
     WHERE a.project_id = $1 AND a.asset_id = $2 ORDER BY r.created_at, a.request_id`,
    [projectId, assetId],
  );
  return rows.map((row) => ({ requestId: row.request_id, title: row.title }));
}

/** Attaches a file to a request; attaching it again changes nothing. True when it was new. */
export async function insertRequestAttachment(db: Queryable, link: { requestId: string; assetId: string; projectId: string; attachedBy: string }): Promise<boolean> {
  const { rows } = await db.query<{ request_id: string }>(
    `INSERT INTO request_attachments (request_id, asset_id, project_id, attached_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (request_id, asset_id) DO NOTHING RETURNING request_id`,
    [link.requestId, link.assetId, link.projectId, link.attachedBy],
  );
  return rows.length > 0;
}

export async function deleteRequestAttachment(db: Queryable, requestId: string, assetId: string): Promise<boolean> {
  const { rows } = await db.query<{ request_id: string }>('DELETE FROM request_attachments WHERE request_id = $1 AND asset_id = $2 RETURNING request_id', [requestId, assetId]);
  return rows.length > 0;
}

/** Removes a file from every request it is attached to; how many links went. */
export async function deleteRequestAttachmentsOf(db: Queryable, projectId: string, assetId: string): Promise<number> {
  const { rows } = await db.query<{ request_id: string }>('DELETE FROM request_attachments WHERE project_id = $1 AND asset_id = $2 RETURNING request_id', [projectId, assetId]);
  return rows.length;
}

/** The files attached to a request, oldest attachment first (ids; the caller reads the assets). */
export async function requestAttachmentIds(db: Queryable, requestId: string): Promise<string[]> {
  const { rows } = await db.query<{ asset_id: string }>('SELECT asset_id FROM request_attachments WHERE request_id = $1 ORDER BY created_at, asset_id', [requestId]);
  return rows.map((row) => row.asset_id);
}

/** How many files a request has (attachments are bounded per request). */
export async function countRequestAttachments(db: Queryable, requestId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM request_attachments WHERE request_id = $1', [requestId]);
  return rows[0]?.n ?? 0;
}
