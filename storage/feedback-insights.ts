import type { Queryable } from '../platform/db/database.js';

export interface FeedbackTheme {
  theme: string;
  tone: 'positive' | 'negative' | 'mixed';
  mentions: number;
}

export interface StoredInsights {
  model: string;
  digest: string;
  feedbackCount: number;
  sentiment: number;
  summary: string;
  themes: FeedbackTheme[];
  analysedAt: Date;
}

interface InsightRow {
  model: string;
  digest: string;
  feedback_count: number;
  sentiment: number;
  summary: string;
  themes: FeedbackTheme[];
  analysed_at: Date;
}

/** An item's current feedback texts, newest first (at most `limit`). */
export async function readItemFeedback(db: Queryable, item: { projectId: string; pipelineId: string; entryId: string; itemType: string }, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ feedback: string }>(
    `SELECT feedback FROM votes WHERE project_id = $1 AND document_id = $2 AND entry_id = $3 AND item_type = $4 AND feedback IS NOT NULL
      ORDER BY updated_at DESC, user_id LIMIT $5`,
    [item.projectId, item.pipelineId, item.entryId, item.itemType, limit],
  );
  return rows.map((row) => row.feedback);
}

export async function readInsights(db: Queryable, projectId: string, itemKey: string): Promise<StoredInsights | null> {
  const { rows } = await db.query<InsightRow>('SELECT model, digest, feedback_count, sentiment, summary, themes, analysed_at FROM vote_feedback_insights WHERE project_id = $1 AND item_key = $2', [projectId, itemKey]);
  const row = rows[0];
  return row ? { model: row.model, digest: row.digest, feedbackCount: row.feedback_count, sentiment: Number(row.sentiment), summary: row.summary, themes: row.themes, analysedAt: row.analysed_at } : null;
}

export async function writeInsights(db: Queryable, projectId: string, itemKey: string, insights: Omit<StoredInsights, 'analysedAt'>): Promise<void> {
  await db.query(
    `INSERT INTO vote_feedback_insights (project_id, item_key, model, digest, feedback_count, sentiment, summary, themes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (project_id, item_key) DO UPDATE SET model = excluded.model, digest = excluded.digest, feedback_count = excluded.feedback_count,
       sentiment = excluded.sentiment, summary = excluded.summary, themes = excluded.themes, analysed_at = now()`,
    [projectId, itemKey, insights.model, insights.digest, insights.feedbackCount, insights.sentiment, insights.summary, JSON.stringify(insights.themes)],
  );
}

/** No feedback left: nothing to show. */
export async function deleteInsights(db: Queryable, projectId: string, itemKey: string): Promise<void> {
  await db.query('DELETE FROM vote_feedback_insights WHERE project_id = $1 AND item_key = $2', [projectId, itemKey]);
}
