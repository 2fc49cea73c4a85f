import type { Queryable } from '../platform/db/database.js';

/** Which item a vote is on: the votes table's key without the voter. */
export interface VoteItemRef {
  projectId: string;
  documentId: string;
  entryId: string;
  itemType: string;
}

/** One person's current vote, as stored. */
export interface StoredVote extends VoteItemRef {
  userId: string;
  rating: number;
  feedback: string | null;
  sentimentScore: number | null;
  sentimentComparative: number | null;
  positiveTerms: string[];
  negativeTerms: string[];
  campaignId: string | null;
  votedAt: Date;
}

interface VoteRow {
  project_id: string;
  document_id: string;
  entry_id: string;
  item_type: string;
  user_id: string;
  rating: number;
  feedback: string | null;
  sentiment_score: number | null;
  sentiment_comparative: number | null;
  positive_terms: string[];
  negative_terms: string[];
  campaign_id: string | null;
  voted_at: Date;
}

const COLUMNS = 'project_id, document_id, entry_id, item_type, user_id, rating, feedback, sentiment_score, sentiment_comparative, positive_terms, negative_terms, campaign_id, voted_at';

function toVote(row: VoteRow): StoredVote {
  return {
    projectId: row.project_id,
    documentId: row.document_id,
    entryId: row.entry_id,
    itemType: row.item_type,
    userId: row.user_id,
    rating: Number(row.rating),
    feedback: row.feedback,
    sentimentScore: row.sentiment_score,
    sentimentComparative: row.sentiment_comparative,
    positiveTerms: row.positive_terms,
    negativeTerms: row.negative_terms,
    campaignId: row.campaign_id,
    votedAt: row.voted_at,
  };
}

const valuesOf = (vote: StoredVote) => [
  vote.projectId,
  vote.documentId,
  vote.entryId,
  vote.itemType,
  vote.userId,
  vote.rating,
  vote.feedback,
  vote.sentimentScore,
  vote.sentimentComparative,
  vote.positiveTerms,
  vote.negativeTerms,
  vote.campaignId,
  vote.votedAt,
];

/** The person's current vote on the item, locked until the transaction ends (the replacement reads what it replaces). */
export async function lockVote(tx: Queryable, item: VoteItemRef, userId: string): Promise<StoredVote | null> {
  const { rows } = await tx.query<VoteRow>(
    `SELECT ${COLUMNS} FROM votes WHERE project_id = $1 AND document_id = $2 AND entry_id = $3 AND item_type = $4 AND user_id = $5 FOR UPDATE`,
    [item.projectId, item.documentId, item.entryId, item.itemType, userId],
  );
  return rows[0] ? toVote(rows[0]) : null;
}

/**
 * Stores a first vote; false when a vote of the same person on the item exists already (a
 * concurrent first vote committed meanwhile: this insert waited for it, and the caller replaces it).
 */
export async function insertVote(tx: Queryable, vote: StoredVote): Promise<boolean> {
  const { rows } = await tx.query(`INSERT INTO votes (${COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now()) ON CONFLICT DO NOTHING RETURNING 1 AS inserted`, valuesOf(vote));
  return rows.length > 0;
}

/** Replaces a locked vote with `vote` (same key). */
export async function replaceVote(tx: Queryable, vote: StoredVote): Promise<void> {
  await tx.query(
    `UPDATE votes SET rating = $6, feedback = $7, sentiment_score = $8, sentiment_comparative = $9, positive_terms = $10, negative_terms = $11, campaign_id = $12, voted_at = $13, updated_at = now()
     WHERE project_id = $1 AND document_id = $2 AND entry_id = $3 AND item_type = $4 AND user_id = $5`,
    valuesOf(vote),
  );
}

/** One line of the history: every vote cast and every feedback change, replaced ones included. */
export async function addVoteHistory(tx: Queryable, vote: StoredVote, kind: 'vote' | 'feedback'): Promise<void> {
  await tx.query(
    `INSERT INTO vote_history (project_id, document_id, entry_id, item_type, user_id, kind, rating, feedback, sentiment_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [vote.projectId, vote.documentId, vote.entryId, vote.itemType, vote.userId, kind, vote.rating, vote.feedback, vote.sentimentScore],
  );
}

/** The person's current votes in a project on the given pipeline entries, any item type. */
export async function votesOfUser(db: Queryable, projectId: string, userId: string, entries: readonly { documentId: string; entryId: string }[]): Promise<StoredVote[]> {
  if (entries.length === 0) return [];
  const { rows } = await db.query<VoteRow>(
    `SELECT ${COLUMNS} FROM votes
     WHERE project_id = $1 AND user_id = $2 AND (document_id, entry_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
    [projectId, userId, entries.map((entry) => entry.documentId), entries.map((entry) => entry.entryId)],
  );
  return rows.map(toVote);
}
