import type { SendOutcome } from '../channel.js';
import { refusedAsPrivate } from '../../integrations/guarded-fetch.js';
import type { JiraTarget } from './jira-settings.js';

/** A failure, and whether the call may have taken effect anyway (no answer, or a 5xx). */
export type JiraFailure = Extract<SendOutcome, { ok: false }> & { inDoubt?: boolean };

export interface JiraIssueRef {
  id: string;
  key: string;
}

export interface JiraTransition {
  id: string;
  name: string;
  to: { name: string };
}

export const JIRA_TIMEOUT_MS = 10_000;

const isFailure = (value: unknown): value is JiraFailure => typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;
export { isFailure as isJiraFailure };

/** What JIRA said about a refusal, shortened: its `errorMessages` and field `errors`. */
function saidBy(status: number, body: string): string {
  let detail = body.replace(/\s+/g, ' ').trim();
  try {
    const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown };
    const messages = Array.isArray(parsed.errorMessages) ? parsed.errorMessages.map(String) : [];
    const fields = parsed.errors && typeof parsed.errors === 'object' ? Object.entries(parsed.errors).map(([field, message]) => `${field}: ${String(message)}`) : [];
    if (messages.length + fields.length > 0) detail = [...messages, ...fields].join('; ');
  } catch {
    // Not JSON (a proxy's page): the text itself.
  }
  return `JIRA answered ${status}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
}

/**
 * How a refusal is retried: 429 when JIRA says (Retry-After, seconds); 401/403 break the
 * integration (the token or its permissions are wrong: retrying cannot help until an admin fixes
 * it); 5xx again later (and the call may have happened); other 4xx refuse this content for good.
 */
function failureOf(status: number, headers: Headers, body: string): JiraFailure {
  const error = saidBy(status, body);
  if (status === 429) {
    const seconds = Number(headers.get('retry-after'));
    return { ok: false, error, ...(headers.has('retry-after') && Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.ceil(seconds * 1000) } : {}) };
  }
  if (status === 401 || status === 403) return { ok: false, error, broken: true };
  if (status >= 500) return { ok: false, error, inDoubt: true };
  return { ok: false, error, permanent: true };
}

/** One JIRA REST v3 call with the integration's basic auth; JSON in and out. */
async function call(target: JiraTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown } | JiraFailure> {
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(`${target.settings.site}${path}`, {
      method,
      headers: { authorization: target.authorization, accept: 'application/json', 'user-agent': 'studio-sync (JIRA delivery)', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(JIRA_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    // The site leads inside our network now (it did not when saved): never call it. Nothing was sent.
    if (refusedAsPrivate(error)) return { ok: false, error: 'the JIRA site resolves to a private, loopback or link-local address', broken: true };
    const name = error instanceof Error ? error.name : 'Error';
    const cause = error instanceof Error && error.cause && typeof error.cause === 'object' && 'code' in error.cause ? ` ${String(error.cause.code)}` : '';
    return { ok: false, error: name === 'TimeoutError' ? `JIRA did not answer within ${JIRA_TIMEOUT_MS} ms` : `network error reaching JIRA${cause}`, inDoubt: true };
  }
  if (!response.ok) return failureOf(response.status, response.headers, text);
  try {
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
  } catch {
    return { ok: false, error: `JIRA answered ${response.status} with something that is not JSON`, inDoubt: true };
  }
}

const issueRef = (value: unknown): JiraIssueRef | null => {
  const v = value as { id?: unknown; key?: unknown } | null;
  return v && typeof v.id === 'string' && typeof v.key === 'string' ? { id: v.id, key: v.key } : null;
};

/** POST /rest/api/3/issue. */
export async function createIssue(target: JiraTarget, fields: Record<string, unknown>): Promise<JiraIssueRef | JiraFailure> {
  const reply = await call(target, 'POST', '/rest/api/3/issue', { fields });
  if (isFailure(reply)) return reply;
  return issueRef(reply.json) ?? { ok: false, error: 'JIRA created something without an id and key', inDoubt: true };
}

/** The issue carrying a label in the project (GET /rest/api/3/search/jql), or null when there is none. */
export async function findIssueByLabel(target: JiraTarget, label: string): Promise<JiraIssueRef | null | JiraFailure> {
  // Labels we make are letters, digits, '.', ':', '_' and '-': nothing to escape inside quotes.
  const jql = `project = "${target.settings.projectKey}" AND labels = "${label}" ORDER BY created ASC`;
  const reply = await call(target, 'GET', `/rest/api/3/search/jql?${new URLSearchParams({ jql, fields: 'status', maxResults: '1' })}`);
  if (isFailure(reply)) return reply;
  const issues = (reply.json as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) && issues.length > 0 ? issueRef(issues[0]) : null;
}

/** The issue's current status name (GET /rest/api/3/issue/{key}?fields=status). */
export async function issueStatus(target: JiraTarget, key: string): Promise<string | JiraFailure> {
  const reply = await call(target, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=status`);
  if (isFailure(reply)) return reply;
  const name = (reply.json as { fields?: { status?: { name?: unknown } } } | null)?.fields?.status?.name;
  return typeof name === 'string' ? name : { ok: false, error: `JIRA did not say the status of ${key}`, inDoubt: true };
}

/** The transitions open to the issue from its current status. */
export async function listTransitions(target: JiraTarget, key: string): Promise<JiraTransition[] | JiraFailure> {
  const reply = await call(target, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`);
  if (isFailure(reply)) return reply;
  const list = (reply.json as { transitions?: unknown } | null)?.transitions;
  return Array.isArray(list)
    ? list.flatMap((t: { id?: unknown; name?: unknown; to?: { name?: unknown } }) =>
        typeof t.id === 'string' && typeof t.name === 'string' && typeof t.to?.name === 'string' ? [{ id: t.id, name: t.name, to: { name: t.to.name } }] : [],
      )
    : [];
}

/** POST /rest/api/3/issue/{key}/transitions, with a comment saying who moved it. */
export async function transitionIssue(target: JiraTarget, key: string, transitionId: string, comment: unknown): Promise<true | JiraFailure> {
  const reply = await call(target, 'POST', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, { transition: { id: transitionId }, update: { comment: [{ add: { body: comment } }] } });
  return isFailure(reply) ? reply : true;
}
