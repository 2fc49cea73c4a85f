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
