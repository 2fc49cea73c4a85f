import { afterEach, describe, expect, it } from 'vitest';
import { addCard, moveCard, updateCard } from '../documents/kanban/board.js';
import { createSecretBox } from '../platform/secrets.js';
import { insertIntegration } from '../storage/integrations.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeJira, startFakeJira } from './helpers/fake-jira.js';

const SECRETS_KEY = 'jira-test-secrets-key-0123456789abcdef';
const POLL = { timeout: 20_000, interval: 50 };

describe.each(BACKENDS)('the JIRA channel: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500', SECRETS_KEY, INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true', JIRA_CREATE_SETTLE_MS: '400' });
  const secrets = createSecretBox(SECRETS_KEY);
  const fakes: FakeJira[] = [];
  afterEach(async () => {
    for (const fake of fakes.splice(0)) await fake.close();
  });

  /** A project of its own (so no other test's integration gets its events), a board, a fake JIRA and an integration to it. */
  async function setUp(settings: Record<string, unknown> = {}, eventTypes = ['task.created', 'task.moved', 'request.created']) {
    const fake = await startFakeJira();
    fakes.push(fake);
    const token = h.owner.accessToken;
    const projectId = (await h.api.call<{ id: string }>('POST', '/api/projects', { token, body: { name: 'JIRA' } })).body.data.id;
    const board = await h.api.call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token, body: { kind: 'kanban', title: 'Launch' } });
    const integration = await insertIntegration(h.app.db, {
      projectId,
      kind: 'jira',
      name: 'JIRA',
      settings: { site: fake.origin, projectKey: fake.projectKey, issueType: 'Task', email: fake.email, columnStatus: { review: 'In Review', Done: 'Done' }, ...settings },
      sealedSecret: secrets.seal(fake.token),
      eventTypes,
    });
    const join = async (name: string, role: string) => {
      const person = await h.api.signIn(undefined, name);
      expect((await h.api.call('POST', `/api/projects/${projectId}/members`, { token, body: { email: person.email, role } })).status).toBe(201);
      return person;
    };
    return { fake, projectId, name: board.body.data.name, boardId: board.body.data.name.split(':')[2]!, integration, join };
  }

  const deliveries = async (integrationId: string) =>
    (await h.app.db.query<{ status: string; external_ref: string | null; type: string; attempts: number }>(
      `SELECT d.status, d.external_ref, e.type, d.attempts FROM deliveries d JOIN document_events e ON e.id = d.event_id WHERE d.destination = $1 ORDER BY e.seq`,
      [integrationId],
    )).rows;

  it('a card moved over the socket and one moved over REST each make exactly one transition, naming who moved it', async () => {
    const { fake, projectId, name, boardId, integration, join } = await setUp();
    const editor = await join('Eddie Editor', 'editor');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c1', columnId: 'todo', title: 'Teaser cut', description: 'First pass\nwith music', labels: ['jira'] });
    addCard(owner.doc, { id: 'plain', columnId: 'todo', title: 'Not for JIRA' });
    await owner.saved.whenSaved();
    await expect.poll(() => fake.issues.length, POLL).toBe(1);
    expect(fake.issues[0]).toMatchObject({ summary: 'Teaser cut', issueType: 'Task', labels: ['studio', `studio-task-${projectId}.${boardId}.c1`] });
    expect(JSON.stringify(fake.issues[0]!.description)).toContain('Owner Person');

    moveCard(owner.doc, 'c1', 'review');
    await owner.saved.whenSaved();
    await expect.poll(() => fake.transitions.length, POLL).toBe(1);
    expect(fake.transitions[0]).toMatchObject({ key: fake.issues[0]!.key, from: 'To Do', to: 'In Review' });
    expect(fake.transitions[0]!.comment).toContain('Owner Person');

    // Over REST, by someone else; the column is mapped by its title ("Done").
    const moved = await h.api.call('POST', '/api/tasks/move', { token: editor.accessToken, body: { taskId: `${projectId}.${boardId}.c1`, toColumnId: 'done' } });
    expect(moved.status).toBe(200);
    await expect.poll(() => fake.transitions.length, POLL).toBe(2);
    expect(fake.transitions[1]).toMatchObject({ to: 'Done' });
    expect(fake.transitions[1]!.comment).toContain('Eddie Editor');

    // A column with no status is delivered without a call; a card not marked for JIRA never reaches it.
    const callsBefore = fake.calls.length;
    moveCard(owner.doc, 'c1', 'in-progress');
    moveCard(owner.doc, 'plain', 'review');
    await owner.saved.whenSaved();
    await expect.poll(async () => (await deliveries(integration.id)).filter((d) => d.status === 'delivered').length, POLL).toBe(6);
    expect(fake.calls.length).toBe(callsBefore);
    expect(fake.issues).toHaveLength(1);
    expect(fake.transitions).toHaveLength(2);
    expect((await deliveries(integration.id)).map((d) => [d.type, d.external_ref])).toEqual([
      ['task.created', fake.issues[0]!.key],
      ['task.created', null],
      ['task.moved', fake.issues[0]!.key],
      ['task.moved', fake.issues[0]!.key],
      ['task.moved', null],
      ['task.moved', null],
    ]);
  });

  it('a card marked after it was made gets its issue on its first move to a mapped column, in that column’s status', async () => {
    const { fake, name, integration } = await setUp();
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'late', columnId: 'todo', title: 'Marked later' });
    await owner.saved.whenSaved();
    // Its creation reaches JIRA unmarked: nothing to do then.
    await expect.poll(async () => (await deliveries(integration.id)).map((d) => [d.type, d.status]), POLL).toEqual([['task.created', 'delivered']]);
    expect(fake.calls).toEqual([]);
    updateCard(owner.doc, 'late', { labels: ['launch', 'jira'] });
    moveCard(owner.doc, 'late', 'review');
    await owner.saved.whenSaved();
    await expect.poll(() => fake.transitions.map((t) => `${t.key} ${t.from}→${t.to}`), POLL).toEqual([`${fake.projectKey}-1 To Do→In Review`]);
    expect(fake.issues.map((issue) => [issue.summary, issue.status])).toEqual([['Marked later', 'In Review']]);
  });

  it('a marked card makes exactly one issue when the first create’s answer is lost, and after a 500', async () => {
    const { fake, name, integration } = await setUp();
    fake.searchLagMs = 200;
    fake.failNext('create', 'lose-response');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'lost', columnId: 'todo', title: 'Lost answer', labels: ['JIRA'] });
    await owner.saved.whenSaved();
    await expect.poll(async () => (await deliveries(integration.id)).map((d) => d.status), POLL).toEqual(['delivered']);
    expect(fake.issues).toHaveLength(1);
    // The retry looked for the issue by its label before creating anything.
    expect(fake.calls.filter((c) => c.route !== 'unknown').map((c) => `${c.route} ${c.status}`)).toEqual(['create 0', 'search 200']);
    expect((await deliveries(integration.id))[0]!.external_ref).toBe(fake.issues[0]!.key);
    const { rows } = await h.app.db.query<{ issue_key: string; create_attempted_at: Date | null }>('SELECT issue_key, create_attempted_at FROM jira_issues WHERE integration_id = $1', [integration.id]);
    expect(rows).toEqual([{ issue_key: fake.issues[0]!.key, create_attempted_at: null }]);

    // A 500 may or may not have created it: the retry searches, finds nothing, and creates once.
    fake.failNext('create', { status: 500 });
    addCard(owner.doc, { id: 'five-hundred', columnId: 'todo', title: 'After a 500', labels: ['jira'] });
    await owner.saved.whenSaved();
    await expect.poll(async () => (await deliveries(integration.id)).map((d) => d.status), POLL).toEqual(['delivered', 'delivered']);
    expect(fake.issues.map((issue) => issue.summary)).toEqual(['Lost answer', 'After a 500']);
    expect(fake.calls.slice(2).map((c) => `${c.route} ${c.status}`)).toEqual(['create 500', 'search 200', 'create 201']);
  });

  it('waits as long as JIRA’s Retry-After says; content JIRA refuses is dead at once', async () => {
    const { fake, projectId, integration } = await setUp();
    fake.failNext('create', { status: 429, headers: { 'retry-after': '2' } });
    const created = await h.api.call<{ id: string }>('POST', '/api/requests', { token: h.owner.accessToken, body: { projectId, type: 'dev-handoff', title: 'Hand off the player' } });
    expect(created.status).toBe(201);
    await expect.poll(() => fake.issues.length, POLL).toBe(1);
    const creates = fake.calls.filter((c) => c.route === 'create');
    expect(creates.map((c) => c.status)).toEqual([429, 201]);
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(1_950);
    // A 429 is JIRA asking to wait, not a failed attempt: it does not count towards the limit.
    await expect.poll(async () => (await deliveries(integration.id)).map((d) => [d.status, d.attempts]), POLL).toEqual([['delivered', 1]]);

    // An issue type the project does not have: a 400 is not retried.
    const { fake: other, projectId: otherProject, integration: refusing } = await setUp({ issueType: 'Epic' });
    await h.api.call('POST', '/api/requests', { token: h.owner.accessToken, body: { projectId: otherProject, type: 'dev-handoff', title: 'Refused' } });
    await expect.poll(async () => (await deliveries(refusing.id)).map((d) => [d.status, d.attempts]), POLL).toEqual([['dead', 1]]);
    expect(other.issues).toEqual([]);
  });

  it('a revoked token breaks the integration and tells the project’s admins once, however many events fail', async () => {
    const { fake, projectId, name, integration, join } = await setUp();
    const admin = await join('Ada Admin', 'admin');
    const editor = await join('Ed Editor', 'editor');
    fake.revokeToken(true);
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    for (let n = 0; n < 5; n++) addCard(owner.doc, { id: `c${n}`, columnId: 'todo', title: `Card ${n}`, labels: ['jira'] });
    await owner.saved.whenSaved();
    for (let n = 0; n < 3; n++) await h.api.call('POST', '/api/requests', { token: h.owner.accessToken, body: { projectId, type: 'content-update', title: `Request ${n}` } });

    await expect.poll(async () => (await h.app.db.query<{ status: string }>('SELECT status FROM integrations WHERE id = $1', [integration.id])).rows[0]!.status, POLL).toBe('broken');
    // Everything already planned is dead at once (broken); what comes later is not planned for a broken integration.
    await expect.poll(async () => new Set((await deliveries(integration.id)).map((d) => d.status)), POLL).toEqual(new Set(['dead']));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const told = async (token: string) =>
      (await h.api.call<{ items: { event: { type: string; data: Record<string, unknown>; documentId: string | null } }[] }>('GET', '/api/notifications', { token })).body.data.items.filter((n) => n.event.type === 'integration.broken');
    for (const person of [h.owner, admin]) {
      const notes = await told(person.accessToken);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.event).toMatchObject({ documentId: null, data: { integrationId: integration.id, integrationKind: 'jira', name: 'JIRA' } });
      expect(String(notes[0]!.event.data.reason)).toContain('401');
    }
    expect(await told(editor.accessToken)).toEqual([]);
    const events = await h.app.db.query('SELECT 1 FROM document_events WHERE type = $1 AND entry_id = $2', ['integration.broken', integration.id]);
    expect(events.rows).toHaveLength(1);
    expect(fake.issues).toEqual([]);
  });

  it('a new request opens one issue with what was asked, who asked and a link back', async () => {
    const { fake, projectId, integration } = await setUp();
    const created = await h.api.call<{ id: string; linkPath: string }>('POST', '/api/requests', {
      token: h.owner.accessToken,
      body: {
        projectId,
        type: 'design-change',
        title: 'New checkout button',
        description: 'Bigger, and green.\nSee the file.',
        priority: 'high',
        figmaUrl: 'https://www.figma.com/design/AbCdEfGhIjKlMnOp/Checkout-v2?node-id=12-34',
        attachments: [{ url: 'https://example.com/brief.pdf', title: 'Brief' }],
      },
    });
    expect(created.status).toBe(201);
    await expect.poll(() => fake.issues.length, POLL).toBe(1);
    const issue = fake.issues[0]!;
    expect(issue).toMatchObject({ summary: '[Design change] New checkout button', labels: ['studio', `studio-request-${created.body.data.id}`] });
    const description = JSON.stringify(issue.description);
    for (const text of ['Bigger, and green.', 'Checkout v2', 'https://www.figma.com/design/AbCdEfGhIjKlMnOp/Checkout-v2?node-id=12-34', 'https://example.com/brief.pdf', 'Owner Person', 'priority high', created.body.data.linkPath]) {
      expect(description).toContain(text);
    }
    await expect.poll(async () => (await deliveries(integration.id)).map((d) => [d.type, d.status, d.external_ref]), POLL).toEqual([['request.created', 'delivered', issue.key]]);
    // Status changes and comments are not JIRA's business here (the integration does not take them).
    await h.api.call('POST', `/api/requests/${created.body.data.id}/comments`, { token: h.owner.accessToken, body: { body: 'More to come' } });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fake.issues).toHaveLength(1);
  });
});
