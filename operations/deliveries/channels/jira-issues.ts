import type { Queryable } from '../../../platform/db/database.js';
import { clearCreateAttempt, getJiraIssueLink, recordCreateAttempt, saveJiraIssue } from '../../../storage/jira-issues.js';
import { type JiraFailure, type JiraIssueRef, createIssue, findIssueByLabel, isJiraFailure } from './jira-client.js';
import type { JiraTarget } from './jira-settings.js';

/** A task (`task:<itemId>`) or a request (`request:<id>`): what an issue stands for. */
export type IssueSource = `task:${string}` | `request:${string}`;

/** The label every issue of a source carries, found again by search: `studio-task-<itemId>`, `studio-request-<id>`. */
export const labelOf = (source: IssueSource): string => `studio-${source.replace(':', '-')}`;

/** The issue a source already has in this integration (null: none yet). */
export async function issueOf(db: Queryable, target: JiraTarget, source: IssueSource): Promise<string | null> {
  return (await getJiraIssueLink(db, target.integrationId, source))?.issueKey ?? null;
}

/**
 * The issue of a source, created once however often this runs.
 *
 * The crash windows, and why none makes a second issue:
 * 1. Before the create call goes out, a row saying "a create is in doubt" is committed (like the
 *    delivery's own 'sending', which is committed before the channel runs).
 * 2. JIRA creates the issue with the source's label. If its answer is lost (timeout, dropped
 *    connection, 5xx) or this worker dies before step 3, the row stays in doubt.
 * 3. The key is saved (committed) before `send` returns, so before the delivery is marked
 *    delivered; a crash after it only means the retry finds the key and calls nothing.
 * A retry that finds the row in doubt searches JIRA by the label first and adopts what it finds.
 * JIRA's search index lags a new issue by seconds, so an in-doubt create is retried only after
 * `settleMs` (JIRA_CREATE_SETTLE_MS); until then the delivery waits. A create JIRA refused (a 4xx)
 * is known not to have happened and clears the doubt.
 */
export async function ensureIssue(db: Queryable, target: JiraTarget, source: IssueSource, fields: () => Promise<Record<string, unknown>>, settleMs: number): Promise<JiraIssueRef | JiraFailure> {
  const link = await getJiraIssueLink(db, target.integrationId, source);
  if (link?.issueKey && link.issueId) return { id: link.issueId, key: link.issueKey };
  const label = labelOf(source);
  if (link?.createInDoubtForMs != null) {
    const found = await findIssueByLabel(target, label);
    if (isJiraFailure(found)) return found;
    if (found) {
      await saveJiraIssue(db, target.integrationId, source, found);
      return found;
    }
    if (link.createInDoubtForMs < settleMs) {
      return { ok: false, error: `an earlier create of ${label} got no answer; waiting for JIRA's search to show it before creating again`, retryAfterMs: Math.ceil(settleMs - link.createInDoubtForMs) };
    }
  }
  await recordCreateAttempt(db, target.integrationId, source);
  const created = await createIssue(target, { ...(await fields()), labels: ['studio', label] });
  if (isJiraFailure(created)) {
    if (!created.inDoubt) await clearCreateAttempt(db, target.integrationId, source);
    // In doubt: come back once the search would show it, not before.
    return created.inDoubt ? { ...created, retryAfterMs: Math.max(created.retryAfterMs ?? 0, settleMs) } : created;
  }
  await saveJiraIssue(db, target.integrationId, source, created);
  return created;
}
