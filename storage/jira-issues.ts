import type { Queryable } from '../platform/db/database.js';

/** What a task or request became in one JIRA integration (see migration 0011's jira_issues). */
export interface JiraIssueLink {
  issueKey: string | null;
  issueId: string | null;
  /** How long ago a create went out whose answer is not known (null when none is in doubt). */
  createInDoubtForMs: number | null;
}

export async function getJiraIssueLink(db: Queryable, integrationId: string, source: string): Promise<JiraIssueLink | null> {
  const { rows } = await db.query<{ issue_key: string | null; issue_id: string | null; in_doubt_ms: number | null }>(
    `SELECT issue_key, issue_id, (extract(epoch FROM now() - create_attempted_at) * 1000)::float8 AS in_doubt_ms
     FROM jira_issues WHERE integration_id = $1 AND source = $2`,
    [integrationId, source],
  );
  const row = rows[0];
  return row ? { issueKey: row.issue_key, issueId: row.issue_id, createInDoubtForMs: row.in_doubt_ms === null ? null : Number(row.in_doubt_ms) } : null;
}

/** Records, committed before the call goes out, that a create for this source is being attempted. */
export async function recordCreateAttempt(db: Queryable, integrationId: string, source: string): Promise<void> {
  await db.query(
    `INSERT INTO jira_issues (integration_id, source, create_attempted_at) VALUES ($1, $2, now())
     ON CONFLICT (integration_id, source) DO UPDATE SET create_attempted_at = now(), updated_at = now()`,
    [integrationId, source],
  );
}

/** The create is known not to have happened (JIRA refused it): nothing is in doubt any more. */
export async function clearCreateAttempt(db: Queryable, integrationId: string, source: string): Promise<void> {
  await db.query('UPDATE jira_issues SET create_attempted_at = NULL, updated_at = now() WHERE integration_id = $1 AND source = $2 AND issue_key IS NULL', [integrationId, source]);
}

/** The issue this source became (created now, or found by its label after a lost answer). */
export async function saveJiraIssue(db: Queryable, integrationId: string, source: string, issue: { id: string; key: string }): Promise<void> {
  await db.query(
    `INSERT INTO jira_issues (integration_id, source, issue_key, issue_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (integration_id, source) DO UPDATE SET issue_key = $3, issue_id = $4, create_attempted_at = NULL, updated_at = now()`,
    [integrationId, source, issue.key, issue.id],
  );
}
