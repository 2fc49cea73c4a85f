import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callerFor } from '../operations/caller.js';
import { NO_LIVE_DOCUMENTS } from '../operations/live-documents.js';
import { createRequest } from '../operations/requests/create-request.js';
import type { Reply, SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 50 };

interface RequestView {
  id: string;
  projectId: string;
  type: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  requester: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  figma: { url: string; kind: string; fileKey: string; nodeId: string | null; title: string | null } | null;
  attachments: { url: string; title: string | null }[];
  version: number;
  allowedTransitions: string[];
  linkPath: string;
  comments?: { items: { id: string; author: { id: string; name: string }; body: string }[]; total: number };
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

describe.each(BACKENDS)('the request system over REST: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500' });
  const as = (person: SignedIn) => <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    h.api.call<T>(method, path, { token: person.accessToken, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  const owner = () => as(h.owner);

  /** A project of its own, so listings and notifications count only this test's requests. */
  async function project(name = 'Requests') {
    const projectId = (await owner()<{ id: string }>('POST', '/api/projects', { name })).body.data.id;
    const join = async (role: string, person?: string) => {
      const member = await h.api.signIn(undefined, person ?? `${role} ${randomUUID().slice(0, 4)}`);
      expect((await owner()('POST', `/api/projects/${projectId}/members`, { email: member.email, role })).status).toBe(201);
      return member;
    };
    return { projectId, join };
  }

  const newRequest = (projectId: string, fields: Record<string, unknown> = {}) => ({ projectId, type: 'design-change', title: 'A request', ...fields });

  it('creates, lists newest first in cursor pages, and filters by status, type and assignee', async () => {
    const { projectId, join } = await project();
    const editor = await join('editor', 'Eddie');
    const created = await owner()<RequestView>('POST', '/api/requests', {
      projectId,
      type: 'design-change',
      title: '  New hero image  ',
      description: 'For the spring campaign',
      priority: 'high',
      assigneeId: editor.userId,
      figmaUrl: 'https://www.figma.com/design/AbCdEfGhIjKlMnOp/Spring-Hero?node-id=12-34&t=x',
      attachments: [{ url: 'https://example.com/a.png', title: 'Mood' }, { url: 'https://example.com/b.png' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({
      projectId,
      type: 'design-change',
      title: 'New hero image',
      status: 'open',
      priority: 'high',
      version: 1,
      requester: { id: h.owner.userId, name: 'Owner Person' },
      assignee: { id: editor.userId, name: 'Eddie' },
      figma: { kind: 'design', fileKey: 'AbCdEfGhIjKlMnOp', nodeId: '12:34', title: 'Spring Hero' },
      attachments: [{ url: 'https://example.com/a.png', title: 'Mood' }, { url: 'https://example.com/b.png', title: null }],
      allowedTransitions: ['in-progress', 'declined'],
      linkPath: `/#/p/${projectId}/requests/${created.body.data.id}`,
    });

    const types = ['user-research', 'dev-handoff', 'content-update', 'report-user-pattern', 'design-change'];
    for (const [n, type] of types.entries()) expect((await owner()('POST', '/api/requests', newRequest(projectId, { type, title: `R${n}` }))).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Reply<{ items: RequestView[]; next: string | null }> = await owner()('GET', `/api/requests?projectId=${projectId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.items.map((r) => r.title));
      cursor = page.body.data.next;
    }
    expect(seen).toEqual(['R4', 'R3', 'R2', 'R1', 'R0', 'New hero image']);

    const titles = async (query: string) => (await owner()<{ items: RequestView[] }>('GET', `/api/requests?projectId=${projectId}&${query}`)).body.data.items.map((r) => r.title);
    expect(await titles('type=design-change')).toEqual(['R4', 'New hero image']);
    expect(await titles(`assignee=${editor.userId}`)).toEqual(['New hero image']);
    expect(await titles('assignee=none')).toEqual(['R4', 'R3', 'R2', 'R1', 'R0']);
    expect(await as(editor)<{ items: RequestView[] }>('GET', `/api/requests?projectId=${projectId}&assignee=me`).then((r) => r.body.data.items.map((i) => i.title))).toEqual(['New hero image']);
    await owner()('PUT', `/api/requests/${created.body.data.id}`, { version: 1, status: 'in-progress' });
    expect(await titles('status=in-progress')).toEqual(['New hero image']);
    expect(await titles('status=open&type=user-research')).toEqual(['R0']);

    const detail = await as(editor)<RequestView>('GET', `/api/requests/${created.body.data.id}`);
    expect(detail.body.data).toMatchObject({ id: created.body.data.id, status: 'in-progress', version: 2, comments: { items: [], total: 0 } });
  });

  it('moves along the workflow and refuses impossible transitions and stale versions with 409', async () => {
    const { projectId } = await project();
    const { body } = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId));
    const put = (changes: Record<string, unknown>) => owner()<RequestView>('PUT', `/api/requests/${body.data.id}`, changes);

    const skipped = await put({ version: 1, status: 'done' });
    expectError(skipped, 409, 'INVALID_TRANSITION');
    expect(skipped.body.error?.details).toEqual({ from: 'open', to: 'done', allowed: ['in-progress', 'declined'] });

    let version = 1;
    for (const status of ['in-progress', 'in-review', 'in-progress', 'in-review', 'done', 'open', 'declined', 'open']) {
      const moved = await put({ version, status });
      expect(moved.status, `${status}: ${JSON.stringify(moved.body)}`).toBe(200);
      expect(moved.body.data.status).toBe(status);
      version = moved.body.data.version;
    }
    expect(version).toBe(9);

    // Someone changed it since version 8: 409 with the current request.
    const stale = await put({ version: 8, title: 'Mine' });
    expectError(stale, 409, 'VERSION_CONFLICT');
    expect((stale.body.data as unknown as RequestView).version).toBe(9);
    // Repeating what is there changes nothing (no new version, no event).
    const same = await put({ version: 9, status: 'open', title: 'A request' });
    expect(same.body.data.version).toBe(9);

    const { rows } = await h.app.db.query<{ type: string; data: { from?: string; to?: string } }>('SELECT type, data FROM document_events WHERE entry_id = $1 ORDER BY seq', [body.data.id]);
    expect(rows.map((row) => (row.type === 'request.status-changed' ? `${row.data.from}→${row.data.to}` : row.type))).toEqual([
      'request.created',
      'open→in-progress',
      'in-progress→in-review',
      'in-review→in-progress',
      'in-progress→in-review',
      'in-review→done',
      'done→open',
      'open→declined',
      'declined→open',
    ]);
  });

  it('reads Figma links into a card and refuses malformed ones with 422', async () => {
    const { projectId } = await project();
    const bad = [
      'https://www.figma.com/design/short/Title',
      'https://www.figma.com/board/AbCdEfGhIjKlMnOp/Jam',
      'http://www.figma.com/file/AbCdEfGhIjKlMnOp/Title',
      'https://figma.com.evil.example/file/AbCdEfGhIjKlMnOp/Title',
      'https://user:pass@www.figma.com/file/AbCdEfGhIjKlMnOp/Title',
      'https://www.figma.com/file/AbCdEfGhIjKlMnOp/Title?node-id=abc',
      'not a url',
      'https://www.figma.com/',
    ];
    for (const figmaUrl of bad) {
      const reply = await owner()('POST', '/api/requests', newRequest(projectId, { figmaUrl }));
      expectError(reply, 422, 'VALIDATION_FAILED');
      expect(JSON.stringify(reply.body.error?.details), figmaUrl).toContain('figmaUrl');
    }
    const good = [
      ['https://figma.com/file/AbCdEfGhIjKlMnOp', { kind: 'file', nodeId: null, title: null }],
      ['https://www.figma.com/proto/AbCdEfGhIjKlMnOp/Onboarding%20Flow?node-id=1%3A2', { kind: 'proto', nodeId: '1:2', title: 'Onboarding Flow' }],
      ['https://www.figma.com/design/AbCdEfGhIjKlMnOp/branch/ZyXwVuTsRqPoNm/Checkout-v3', { kind: 'design', title: 'Checkout v3' }],
    ] as const;
    for (const [figmaUrl, card] of good) {
      const reply = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId, { figmaUrl }));
      expect(reply.status, figmaUrl).toBe(201);
      expect(reply.body.data.figma).toMatchObject({ url: figmaUrl, fileKey: 'AbCdEfGhIjKlMnOp', ...card });
    }
    // The same check on a change.
    const { body } = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId));
    expectError(await owner()('PUT', `/api/requests/${body.data.id}`, { version: 1, figmaUrl: 'https://www.figma.com/file/x' }), 422, 'VALIDATION_FAILED');
    expect((await owner()<RequestView>('PUT', `/api/requests/${body.data.id}`, { version: 1, figmaUrl: null })).body.data.figma).toBeNull();
  });

  it('answers 404 for another project’s request, one that does not exist, or no id at all; roles decide the rest', async () => {
    const mine = await project('Mine');
    const theirs = await project('Theirs');
    const { body } = await owner()<RequestView>('POST', '/api/requests', newRequest(theirs.projectId, { title: 'Secret' }));
    const outsider = await mine.join('editor');
    const who = as(outsider);
    for (const path of [`/api/requests/${body.data.id}`, `/api/requests/${randomUUID()}`, '/api/requests/not-an-id', `/api/requests/${body.data.id.toUpperCase()}x`]) {
      expectError(await who('GET', path), 404, 'NOT_FOUND');
      expectError(await who('POST', `${path}/comments`, { body: 'hi' }), 404, 'NOT_FOUND');
      expectError(await who('PUT', path, { version: 1, title: 'Mine now' }), 404, 'NOT_FOUND');
    }
    expectError(await who('GET', `/api/requests?projectId=${theirs.projectId}`), 404, 'NOT_FOUND');
    expectError(await who('POST', '/api/requests', newRequest(theirs.projectId)), 404, 'NOT_FOUND');
    expect((await h.app.db.query('SELECT 1 FROM request_comments c JOIN requests r ON r.id = c.request_id WHERE r.id = $1', [body.data.id])).rows).toEqual([]);

    // Viewers read; commenters raise and comment, and edit what they asked, but do not run the workflow.
    const viewer = await theirs.join('viewer');
    const commenter = await theirs.join('commenter');
    expect((await as(viewer)('GET', `/api/requests/${body.data.id}`)).status).toBe(200);
    expectError(await as(viewer)('POST', `/api/requests/${body.data.id}/comments`, { body: 'hi' }), 403, 'FORBIDDEN');
    expectError(await as(viewer)('POST', '/api/requests', newRequest(theirs.projectId)), 403, 'FORBIDDEN');
    const raised = await as(commenter)<RequestView>('POST', '/api/requests', newRequest(theirs.projectId, { title: 'From a commenter' }));
    expect(raised.status).toBe(201);
    expect((await as(commenter)('POST', `/api/requests/${body.data.id}/comments`, { body: 'Me too' })).status).toBe(201);
    expect((await as(commenter)<RequestView>('PUT', `/api/requests/${raised.body.data.id}`, { version: 1, title: 'Clearer title' })).body.data.title).toBe('Clearer title');
    expectError(await as(commenter)('PUT', `/api/requests/${raised.body.data.id}`, { version: 2, status: 'in-progress' }), 403, 'FORBIDDEN');
    expectError(await as(commenter)('PUT', `/api/requests/${body.data.id}`, { version: 1, title: 'Not mine' }), 403, 'FORBIDDEN');
    // An assignee must be a member of the request's project.
    expectError(await owner()('PUT', `/api/requests/${body.data.id}`, { version: 1, assigneeId: outsider.userId }), 422, 'VALIDATION_FAILED');
    expectError(await owner()('POST', '/api/requests', newRequest(theirs.projectId, { assigneeId: randomUUID() })), 422, 'VALIDATION_FAILED');
  });

  it('refuses hostile input with 4xx, never 500', async () => {
    const { projectId } = await project();
    const { body } = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId));
    const long = 'x'.repeat(5_000);
    const hostile: [string, string, unknown][] = [
      ['POST', '/api/requests', newRequest(projectId, { title: long })],
      ['POST', '/api/requests', newRequest(projectId, { title: 'nul\u0000byte' })],
      ['POST', '/api/requests', newRequest(projectId, { description: 'lone \uD800 surrogate' })],
      ['POST', '/api/requests', newRequest(projectId, { description: 'x'.repeat(10_001) })],
      ['POST', '/api/requests', newRequest(projectId, { type: long })],
      ['POST', '/api/requests', newRequest(projectId, { type: 'bug' })],
      ['POST', '/api/requests', newRequest(projectId, { priority: 'asap' })],
      ['POST', '/api/requests', newRequest(projectId, { figmaUrl: `https://www.figma.com/file/${long}` })],
      ['POST', '/api/requests', newRequest(projectId, { figmaUrl: 'https://www.figma.com/file/AbCdEfGhIjKlMnOp/\u0000' })],
      ['POST', '/api/requests', newRequest(projectId, { attachments: [{ url: 'http://example.com/a.png' }] })],
      ['POST', '/api/requests', newRequest(projectId, { attachments: [{ url: 'javascript:alert(1)' }] })],
      ['POST', '/api/requests', newRequest(projectId, { attachments: Array.from({ length: 21 }, (_, n) => ({ url: `https://example.com/${n}` })) })],
      ['POST', '/api/requests', newRequest(projectId, { attachments: [{ url: `https://example.com/${long}` }] })],
      ['POST', '/api/requests', newRequest(projectId, { assigneeId: long })],
      ['POST', '/api/requests', newRequest(projectId, { requester: 'someone else' })],
      ['POST', '/api/requests', { ...newRequest(projectId), projectId: long }],
      ['POST', '/api/requests', { ...newRequest(projectId), projectId: 'x\u0000' }],
      ['PUT', `/api/requests/${body.data.id}`, { title: 'no version' }],
      ['PUT', `/api/requests/${body.data.id}`, { version: 1e20, title: 'huge version' }],
      ['PUT', `/api/requests/${body.data.id}`, { version: 1, status: long }],
      ['PUT', `/api/requests/${long}`, { version: 1, title: 'x' }],
      ['POST', `/api/requests/${body.data.id}/comments`, { body: long }],
      ['POST', `/api/requests/${body.data.id}/comments`, { body: 'nul\u0000' }],
      ['POST', `/api/requests/${body.data.id}/comments`, { body: '   ' }],
      ['GET', `/api/requests?projectId=${projectId}&cursor=${long}`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&cursor=${Buffer.from(JSON.stringify({ c: '2026-02-31T00:00:00.000000Z', i: randomUUID() })).toString('base64url')}`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&cursor=${Buffer.from(JSON.stringify({ c: "'; DROP TABLE requests; --", i: randomUUID() })).toString('base64url')}`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&assignee=${long}`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&assignee=%00`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&status=${long}`, undefined],
      ['GET', `/api/requests?projectId=${projectId}&limit=100000`, undefined],
      ['GET', `/api/requests?projectId=%00`, undefined],
      ['GET', '/api/requests', undefined],
      ['GET', `/api/requests/%ED%A0%80`, undefined],
    ];
    for (const [method, path, payload] of hostile) {
      const reply = await owner()(method, path, payload);
      expect(reply.status, `${method} ${path.slice(0, 80)} ${JSON.stringify(payload)?.slice(0, 120)}: ${JSON.stringify(reply.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${method} ${path.slice(0, 80)}`).toBeLessThan(500);
    }
    // A long description within its limit is fine.
    expect((await owner()('POST', '/api/requests', newRequest(projectId, { description: long }))).status).toBe(201);
    // Nothing hostile got in.
    const { rows } = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM requests WHERE project_id = $1', [projectId]);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('an Idempotency-Key makes a retried create one request and one event', async () => {
    const { projectId } = await project();
    const key = randomUUID();
    const first = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId, { title: 'Once' }), { 'idempotency-key': key });
    const again = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId, { title: 'Once' }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.id).toBe(first.body.data.id);
    expectError(await owner()('POST', '/api/requests', newRequest(projectId, { title: 'Other' }), { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    const events = await h.app.db.query('SELECT 1 FROM document_events WHERE type = $1 AND project_id = $2', ['request.created', projectId]);
    expect(events.rows).toHaveLength(1);
  });

  it('comments notify the requester and the assignee, never the commenter', async () => {
    const { projectId, join } = await project();
    const requester = await join('commenter', 'Rita Requester');
    const assignee = await join('editor', 'Ash Assignee');
    const bystander = await join('editor', 'Bea Bystander');
    const raised = await as(requester)<RequestView>('POST', '/api/requests', newRequest(projectId, { title: 'Fix the footer' }));
    const id = raised.body.data.id;
    expect((await owner()('PUT', `/api/requests/${id}`, { version: 1, assigneeId: assignee.userId })).status).toBe(200);

    const comment = (person: SignedIn, text: string) => as(person)<{ id: string; author: { name: string } }>('POST', `/api/requests/${id}/comments`, { body: text });
    const byAssignee = await comment(assignee, 'On it');
    expect(byAssignee.status).toBe(201);
    expect(byAssignee.body.data.author.name).toBe('Ash Assignee');
    await comment(requester, 'Thanks');
    await comment(h.owner, 'Owner here');

    const inbox = async (person: SignedIn) =>
      (await as(person)<{ items: { event: { type: string; itemId: string; documentId: string | null; actor: string; data: Record<string, unknown> } }[] }>('GET', '/api/notifications')).body.data.items.filter((n) => n.event.type.startsWith('request.'));
    const comments = async (person: SignedIn) => (await inbox(person)).filter((n) => n.event.type === 'request.commented').map((n) => n.event.data.body).sort();
    await expect.poll(() => comments(requester), POLL).toEqual(['On it', 'Owner here']);
    await expect.poll(() => comments(assignee), POLL).toEqual(['Owner here', 'Thanks']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await comments(requester)).toEqual(['On it', 'Owner here']);
    expect(await comments(assignee)).toEqual(['Owner here', 'Thanks']);
    expect(await inbox(bystander)).toEqual([]);
    // The owner did the assigning and commented: nothing about their own doing.
    expect((await inbox(h.owner)).filter((n) => n.event.actor === `user:${h.owner.userId}`)).toEqual([]);
    // The assignment told the assignee, with what a message needs; a request event opens by its id.
    const assigned = (await inbox(assignee)).find((n) => n.event.type === 'request.assigned')!;
    expect(assigned.event).toMatchObject({ itemId: id, documentId: null, data: { title: 'Fix the footer', requestType: 'design-change', assignee: assignee.userId, assigneeName: 'Ash Assignee', linkPath: `/#/p/${projectId}/requests/${id}` } });

    const detail = await owner()<RequestView>('GET', `/api/requests/${id}`);
    expect(detail.body.data.comments).toMatchObject({ total: 3, items: [{ body: 'On it', author: { name: 'Ash Assignee' } }, { body: 'Thanks' }, { body: 'Owner here' }] });
  });

  it('writes events with the row in one transaction: none when the write fails', async () => {
    const { projectId } = await project();
    const created = await owner()<RequestView>('POST', '/api/requests', newRequest(projectId, { title: 'Told' }));
    const { rows } = await h.app.db.query<{ type: string; document_name: string | null; kind: string; actor: string; data: Record<string, unknown> }>(
      'SELECT type, document_name, kind, actor, data FROM document_events WHERE entry_id = $1',
      [created.body.data.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ type: 'request.created', document_name: null, kind: 'request', actor: `user:${h.owner.userId}`, data: expect.objectContaining({ title: 'Told', requesterName: 'Owner Person', requestType: 'design-change' }) }),
    ]);

    // The queue refuses the fan-out job inside the transaction: the row and its event roll back together.
    const principal = (await h.app.identity.verifier.verifyToken(h.owner.accessToken))!;
    const deps = { db: h.app.db, live: NO_LIVE_DOCUMENTS, events: h.app.identity.events, publishEvents: async () => Promise.reject(new Error('the queue is down')) };
    await expect(createRequest(deps, callerFor(principal, h.app.identity.verifier, h.app.db), { projectId, type: 'user-research', title: 'Never stored' })).rejects.toThrow('the queue is down');
    expect((await h.app.db.query('SELECT 1 FROM requests WHERE title = $1', ['Never stored'])).rows).toEqual([]);
    expect((await h.app.db.query(`SELECT 1 FROM document_events WHERE data->>'title' = $1`, ['Never stored'])).rows).toEqual([]);
    // A refused change writes nothing either.
    expectError(await owner()('PUT', `/api/requests/${created.body.data.id}`, { version: 1, status: 'done' }), 409, 'INVALID_TRANSITION');
    expect((await h.app.db.query('SELECT 1 FROM document_events WHERE entry_id = $1', [created.body.data.id])).rows).toHaveLength(1);
  });
});
