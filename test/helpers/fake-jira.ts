import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local JIRA Cloud speaking the REST v3 shapes the JIRA channel uses: create an issue, search
 * by JQL (`project = "K" AND labels = "x"`), read an issue's status, list and perform
 * transitions; basic auth (email:API token) checked on every call. Failures are scripted per
 * route, including a create that happens but whose answer is lost (the connection is cut after
 * the issue exists), and a search index that lags new issues, as JIRA's does.
 */
export interface FakeJiraIssue {
  id: string;
  key: string;
  summary: string;
  issueType: string;
  description: unknown;
  labels: string[];
  status: string;
  createdAt: number;
}

export interface FakeJiraTransition {
  key: string;
  transitionId: string;
  from: string;
  to: string;
  /** The comment's text, flattened from its ADF. */
  comment: string;
}

export type FakeJiraRoute = 'create' | 'search' | 'issue' | 'transitions' | 'transition';

/** A scripted answer: a status (with headers and a body), or 'lose-response' (do the work, then cut the connection). */
export type FakeJiraAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'lose-response';

export interface FakeJira {
  /** `http://127.0.0.1:<port>`: the integration's `site`. */
  origin: string;
  email: string;
  token: string;
  projectKey: string;
  issues: FakeJiraIssue[];
  transitions: FakeJiraTransition[];
  /** Every call, in order: route and the status answered (0: connection cut). */
  calls: { at: number; route: FakeJiraRoute | 'unknown'; method: string; path: string; status: number }[];
  /** The next `count` calls to `route` get `answer` instead. */
  failNext(route: FakeJiraRoute, answer: FakeJiraAnswer, count?: number): void;
  /** Every call answers 401, as with a revoked token (false: back to normal). */
  revokeToken(revoked: boolean): void;
  /** New issues show in search only this long after they were created. */
  searchLagMs: number;
  close(): Promise<void>;
}

/** The workflow: every status reachable from every other, by a transition whose name is not the status's. */
export const FAKE_JIRA_WORKFLOW = [
  { id: '11', name: 'Back to the backlog', to: 'To Do' },
  { id: '21', name: 'Start work', to: 'In Progress' },
  { id: '31', name: 'Ask for review', to: 'In Review' },
  { id: '41', name: 'Finish', to: 'Done' },
] as const;

const ISSUE_TYPES = new Set(['Task', 'Bug', 'Story']);

function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  return `${typeof text === 'string' ? text : ''}${Array.isArray(content) ? content.map(adfText).join('') : ''}`;
}

/** Why JIRA would refuse this ADF document, or null. */
function adfProblem(doc: unknown): string | null {
  const d = doc as { type?: unknown; version?: unknown; content?: unknown } | null;
  if (!d || d.type !== 'doc' || d.version !== 1 || !Array.isArray(d.content)) return 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  const walk = (node: unknown): boolean => {
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (n.type === 'text' && (typeof n.text !== 'string' || n.text.length === 0)) return false;
    return !Array.isArray(n.content) || n.content.every(walk);
  };
  return d.content.every(walk) ? null : 'ADF text nodes must not be empty';
}

export async function startFakeJira(options: { email?: string; token?: string; projectKey?: string } = {}): Promise<FakeJira> {
  const email = options.email ?? 'bot@example.com';
  const token = options.token ?? 'jira-api-token';
  const projectKey = options.projectKey ?? 'STUDIO';
  const scripted = new Map<FakeJiraRoute, FakeJiraAnswer[]>();
  let revoked = false;
  let next = 1;

  const fake = { origin: '', email, token, projectKey, issues: [], transitions: [], calls: [], searchLagMs: 0 } as unknown as FakeJira;

  const routeOf = (method: string, path: string): { route: FakeJiraRoute; key?: string } | null => {
    if (method === 'POST' && path === '/rest/api/3/issue') return { route: 'create' };
    if (method === 'GET' && path === '/rest/api/3/search/jql') return { route: 'search' };
    const transitions = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)\/transitions$/.exec(path);
    if (transitions) return { route: method === 'POST' ? 'transition' : 'transitions', key: transitions[1]! };
    const issue = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)$/.exec(path);
    if (issue && method === 'GET') return { route: 'issue', key: issue[1]! };
    return null;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      const found = routeOf(method, url.pathname);
      const call = { at: Date.now(), route: found?.route ?? ('unknown' as const), method, path: url.pathname, status: 0 };
      fake.calls.push(call);
      const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const refuse = (status: number, errorMessages: string[], errors: Record<string, string> = {}) => answer(status, { errorMessages, errors });

      if (req.headers.authorization !== `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` || revoked) return refuse(401, ['Client must be authenticated to access this resource.']);
      if (!found) return refuse(404, ['No such resource.']);
      const script = scripted.get(found.route)?.shift();
      if (script && script !== 'lose-response') return answer(script.status, script.body ?? { errorMessages: [`scripted ${script.status}`], errors: {} }, script.headers);
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return refuse(400, ['Unexpected character in the request body.']);
      }
      const issue = found.key ? fake.issues.find((i) => i.key === found.key) : undefined;
      if (found.key && !issue) return refuse(404, ['Issue does not exist or you do not have permission to see it.']);

      switch (found.route) {
        case 'create': {
          const fields = (body.fields ?? {}) as { project?: { key?: unknown }; summary?: unknown; issuetype?: { name?: unknown }; description?: unknown; labels?: unknown };
          if (fields.project?.key !== projectKey) return refuse(400, [], { project: 'valid project is required' });
          if (typeof fields.summary !== 'string' || !fields.summary.trim() || fields.summary.length > 255 || /[\r\n]/.test(fields.summary)) return refuse(400, [], { summary: 'You must specify a summary of the issue (one line, at most 255 characters).' });
          if (typeof fields.issuetype?.name !== 'string' || !ISSUE_TYPES.has(fields.issuetype.name)) return refuse(400, [], { issuetype: 'Specify a valid issue type' });
          const problem = adfProblem(fields.description);
          if (problem) return refuse(400, [], { description: problem });
          const labels = Array.isArray(fields.labels) ? fields.labels : [];
          if (!labels.every((l): l is string => typeof l === 'string' && l.length > 0 && l.length <= 255 && !/\s/.test(l))) return refuse(400, [], { labels: 'Labels cannot contain spaces' });
          const id = String(10_000 + next);
          const created: FakeJiraIssue = { id, key: `${projectKey}-${next++}`, summary: fields.summary, issueType: fields.issuetype.name, description: fields.description, labels, status: 'To Do', createdAt: Date.now() };
          fake.issues.push(created);
          if (script === 'lose-response') return void res.socket?.destroy();
          return answer(201, { id: created.id, key: created.key, self: `${fake.origin}/rest/api/3/issue/${created.id}` });
        }
        case 'search': {
          const jql = url.searchParams.get('jql') ?? '';
          const label = /labels\s*=\s*"([^"]*)"/.exec(jql)?.[1];
          const project = /project\s*=\s*"?([A-Z][A-Z0-9_]*)"?/.exec(jql)?.[1];
          const now = Date.now();
          const hits = fake.issues.filter((i) => now - i.createdAt >= fake.searchLagMs && (label === undefined || i.labels.includes(label)) && (project === undefined || i.key.startsWith(`${project}-`)));
          const max = Number(url.searchParams.get('maxResults') ?? 50);
          return answer(200, { issues: hits.slice(0, max).map((i) => ({ id: i.id, key: i.key, fields: { status: { name: i.status } } })), isLast: true });
        }
        case 'issue':
          return answer(200, { id: issue!.id, key: issue!.key, fields: { status: { name: issue!.status }, summary: issue!.summary } });
        case 'transitions':
          return answer(200, { transitions: FAKE_JIRA_WORKFLOW.filter((t) => t.to !== issue!.status).map((t) => ({ id: t.id, name: t.name, to: { id: t.id, name: t.to } })) });
        case 'transition': {
          const wanted = (body.transition as { id?: unknown } | undefined)?.id;
          const transition = FAKE_JIRA_WORKFLOW.find((t) => t.id === wanted && t.to !== issue!.status);
          if (!transition) return refuse(400, ['Transition id is not valid for this issue.']);
          const comments = ((body.update as { comment?: { add?: { body?: unknown } }[] } | undefined)?.comment ?? []).map((c) => c.add?.body);
          for (const comment of comments) if (adfProblem(comment)) return refuse(400, [], { comment: adfProblem(comment)! });
          fake.transitions.push({ key: issue!.key, transitionId: transition.id, from: issue!.status, to: transition.to, comment: comments.map(adfText).join('\n') });
          issue!.status = transition.to;
          if (script === 'lose-response') return void res.socket?.destroy();
          return answer(204);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.failNext = (route, answer, count = 1) => {
    const queue = scripted.get(route) ?? [];
    for (let i = 0; i < count; i++) queue.push(answer);
    scripted.set(route, queue);
  };
  fake.revokeToken = (value) => {
    revoked = value;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
