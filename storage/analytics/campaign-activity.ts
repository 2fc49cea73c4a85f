import type { Queryable } from '../../platform/db/database.js';

export interface CampaignActivityRow {
  documentName: string;
  entryId: string;
  title: string;
  stage: string;
  dueDate: string | null;
  /** Changes to the campaign or its videos since `since` (from the change feed). */
  edits: number;
  /** Distinct people (or keys, or the server) who made them. */
  people: number;
  /** The campaign's videos per stage, archived ones left out. */
  videosByStage: Record<string, number>;
}

interface Row {
  document_name: string;
  entry_id: string;
  title: string | null;
  stage: string | null;
  due_date: string | null;
  edits: string | number;
  people: string | number;
  videos_by_stage: Record<string, string | number>;
}

/**
 * A project's campaigns with their videos per stage and how much they changed since `since`,
 * read from the per-entry projection and the change feed in one statement (no document is
 * loaded). Busiest first; `limit` bounds the answer.
 */
export async function readCampaignActivity(db: Queryable, query: { projectId: string; itemsCollection: string; since: Date; limit: number }): Promise<CampaignActivityRow[]> {
  const { rows } = await db.query<Row>(
    `WITH items AS (
       SELECT document_name, entry_id, data FROM document_entries
        WHERE project_id = $1 AND kind = 'pipeline' AND collection = $2 AND coalesce(data->>'archived', 'false') <> 'true'
     ),
     campaigns AS (SELECT document_name, entry_id, data FROM items WHERE data->>'type' = 'campaign'),
     videos AS (SELECT document_name, entry_id, data->>'campaignId' AS campaign_id, data->>'stage' AS stage FROM items WHERE data->>'type' = 'video'),
     parts AS (
       SELECT document_name, entry_id AS campaign_id, entry_id FROM campaigns
       UNION ALL
       SELECT document_name, campaign_id, entry_id FROM videos WHERE campaign_id IS NOT NULL
     ),
     activity AS (
       SELECT p.document_name, p.campaign_id, count(*) AS edits, count(DISTINCT e.actor) AS people
         FROM parts p JOIN document_events e ON e.document_name = p.document_name AND e.entry_id = p.entry_id
        WHERE e.project_id = $1 AND e.occurred_at >= $3
        GROUP BY 1, 2
     )
     SELECT c.document_name, c.entry_id, c.data->>'title' AS title, c.data->>'stage' AS stage, c.data->>'dueDate' AS due_date,
            coalesce(a.edits, 0) AS edits, coalesce(a.people, 0) AS people,
            (SELECT coalesce(jsonb_object_agg(s.stage, s.n), '{}'::jsonb)
               FROM (SELECT v.stage, count(*) AS n FROM videos v WHERE v.document_name = c.document_name AND v.campaign_id = c.entry_id GROUP BY v.stage) s) AS videos_by_stage
       FROM campaigns c LEFT JOIN activity a ON a.document_name = c.document_name AND a.campaign_id = c.entry_id
      ORDER BY coalesce(a.edits, 0) DESC, c.data->>'title', c.document_name, c.entry_id
      LIMIT $4`,
    [query.projectId, query.itemsCollection, query.since, query.limit],
  );
  return rows.map((row) => ({
    documentName: row.document_name,
    entryId: row.entry_id,
    title: row.title ?? '',
    stage: row.stage ?? 'idea',
    dueDate: row.due_date,
    edits: Number(row.edits),
    people: Number(row.people),
    videosByStage: Object.fromEntries(Object.entries(row.videos_by_stage).map(([stage, n]) => [stage, Number(n)])),
  }));
}
