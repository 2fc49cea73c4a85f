import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addCard, moveCard, readBoard } from '../documents/kanban/board.js';
import type { Reply } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 10_000, interval: 20 };

interface Task {
  id: string;
  projectId: string;
  boardId: string;
  cardId: string;
  columnId: string;
  title: string;
  description: string;
  assignees: string[];
  labels: string[];
  dueDate: string | null;
  archived: boolean;
  etag: string;
}

function boardIdOf(name: string): string {
  return name.split(':')[2]!;
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

describe.each(BACKENDS)('tasks over REST on the live boards: %s', (kind) => {
  const h = harness(kind);
  const call = <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: h.owner.accessToken, ...options });

  async function newBoard() {
    const name = await h.createBoard(`Board ${randomUUID().slice(0, 6)}`);
    return { name, boardId: boardIdOf(name) };
  }

  it('a REST create and move reach a connected client at once; a card made over the socket is listed at once', async () => {
    const { name, boardId } = await newBoard();
    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;

    const created = await call<Task>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'From REST', labels: ['launch'] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(`"${created.body.data.etag}"`);
    expect(created.body.data).toMatchObject({ projectId: h.projectId, boardId, columnId: 'todo', title: 'From REST', labels: ['launch'], archived: false });
    // Broadcast when applied, before the commit the response waited for: the socket has it within a round trip.
    await expect.poll(() => readBoard(watcher.doc).columns[0]!.cards.map((c) => c.title), { timeout: 1_000, interval: 5 }).toEqual(['From REST']);

    const moved = await call<Task>('POST', '/api/tasks/move', { body: { taskId: created.body.data.id, toColumnId: 'done' } });
    expect(moved.status).toBe(200);
    expect(moved.body.data.columnId).toBe('done');
    await expect.poll(() => readBoard(watcher.doc).columns.find((c) => c.id === 'done')!.cards.map((c) => c.id), POLL).toEqual([created.body.data.cardId]);

    addCard(watcher.doc, { id: 'from-socket', columnId: 'review', title: 'From the socket', assignees: [h.owner.userId] });
    await watcher.saved.whenSaved();
    const listed = await call<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((t) => t.title).sort()).toEqual(['From REST', 'From the socket']);
    const mine = await call<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}&assignee=${h.owner.userId}`);
    expect(mine.body.data.items.map((t) => t.cardId)).toEqual(['from-socket']);
    const got = await call<Task>('GET', `/api/tasks/${h.projectId}.${boardId}.from-socket`);
    expect(got.body.data).toMatchObject({ title: 'From the socket', columnId: 'review' });
  });

  it('concurrent REST and socket moves of one card end with the card once, everywhere', async () => {
    const { name, boardId } = await newBoard();
    const client = h.open(name, h.owner.accessToken);
    await client.synced;
    const created = (await call<Task>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'Contested', cardId: 'contested' } })).body.data;
    await expect.poll(() => client.doc.getMap('cards').has('contested'), POLL).toBe(true);
    const moves = ['in-progress', 'review', 'done', 'todo'];
    await Promise.all(
      moves.map(async (column, i) => {
        if (i % 2 === 0) return call('POST', '/api/tasks/move', { body: { taskId: created.id, toColumnId: column } });
        moveCard(client.doc, 'contested', column);
        return client.saved.whenSaved();
      }),
    );
    await client.saved.whenSaved();
    const after = (await call<Task>('GET', `/api/tasks/${created.id}`)).body.data;
    await expect.poll(() => readBoard(client.doc).columns.flatMap((c) => c.cards.map((card) => `${c.id}/${card.id}`)), POLL).toEqual([`${after.columnId}/contested`]);
    const listed = await call<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardId}`);
    expect(listed.body.data.items.map((t) => t.cardId)).toEqual(['contested']);
  });

  it('a retried POST with the same Idempotency-Key creates one card; another body with it is refused', async () => {
    const { boardId } = await newBoard();
    const key = randomUUID();
    const body = { projectId: h.projectId, boardId, title: 'Once' };
    const [first, second] = await Promise.all([call<Task>('POST', '/api/tasks', { body, headers: { 'idempotency-key': key } }), call<Task>('POST', '/api/tasks', { body, headers: { 'idempotency-key': key } })]);
    const statuses = [first.status, second.status].sort();
    // Both at once: one runs, the other is told it is still running (or, if it came after, gets the replay).
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await call<Task>('POST', '/api/tasks', { body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.id).toBe((first.status === 201 ? first : second).body.data.id);
    expectError(await call('POST', '/api/tasks', { body: { ...body, title: 'Different' }, headers: { 'idempotency-key': key } }), 422, 'IDEMPOTENCY_KEY_REUSED');
    const listed = await call<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardId}`);
    expect(listed.body.data.items.map((t) => t.title)).toEqual(['Once']);
    // The key is the caller's own: someone else may use the same one.
    const other = await h.member('editor');
    const theirs = await h.api.call<Task>('POST', '/api/tasks', { token: other.accessToken, body: { ...body, title: 'Theirs' }, headers: { 'idempotency-key': key } });
    expect(theirs.status).toBe(201);
  });

  it('If-Match with a stale ETag answers 412 with the current task and changes nothing', async () => {
    const { boardId } = await newBoard();
    const created = (await call<Task>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'Versioned' } })).body.data;
    const renamed = await call<Task>('PUT', `/api/tasks/${created.id}`, { body: { title: 'Renamed' }, headers: { 'if-match': `"${created.etag}"` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.etag).not.toBe(created.etag);
    const stale = await call<Task>('PUT', `/api/tasks/${created.id}`, { body: { title: 'Lost update' }, headers: { 'if-match': `"${created.etag}"` } });
    expectError(stale, 412, 'PRECONDITION_FAILED');
    expect(stale.body.data).toMatchObject({ title: 'Renamed', etag: renamed.body.data.etag });
    expectError(await call('POST', '/api/tasks/move', { body: { taskId: created.id, toColumnId: 'done' }, headers: { 'if-match': created.etag } }), 412, 'PRECONDITION_FAILED');
    expectError(await call('DELETE', `/api/tasks/${created.id}`, { headers: { 'if-match': created.etag } }), 412, 'PRECONDITION_FAILED');
    const now = (await call<Task>('GET', `/api/tasks/${created.id}`)).body.data;
    expect(now).toMatchObject({ title: 'Renamed', columnId: 'todo', archived: false, etag: renamed.body.data.etag });
    const archived = await call<Task>('DELETE', `/api/tasks/${created.id}`, { headers: { 'if-match': now.etag } });
    expect(archived.body.data.archived).toBe(true);
    expect((await call<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardId}`)).body.data.items).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { name, boardId } = await newBoard();
    const created = (await call<Task>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'Fine' } })).body.data;
    expectError(await call('POST', '/api/tasks', { body: { projectId: h.projectId, boardId: 'nope', title: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, columnId: 'nope', title: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/tasks/${h.projectId}.${boardId}.nope`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/tasks/not-an-id'), 404, 'NOT_FOUND');
    const long = await call('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'x'.repeat(501) } });
    expectError(long, 422, 'VALIDATION_FAILED');
    expect(JSON.stringify(long.body.error?.details)).toContain('title');
    expectError(await call('PUT', `/api/tasks/${created.id}`, { body: { dueDate: 'tomorrow' } }), 422, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/api/tasks/${created.id}`, { body: { title: 'bad\u0000' } }), 422, 'VALIDATION_FAILED');
    const column = (await call<{ id: string }>('POST', '/api/tasks/columns', { body: { projectId: h.projectId, boardId, title: 'Old' } })).body.data;
    expect((await call('DELETE', `/api/tasks/columns/${column.id}`)).status).toBe(200);
    expectError(await call('POST', '/api/tasks/move', { body: { taskId: created.id, toColumnId: column.id.split('.')[2] } }), 422, 'INVALID_MOVE');
    expectError(await call('POST', '/api/tasks/move', { body: { taskId: created.id, toColumnId: 'done', beforeId: 'ghost' } }), 404, 'NOT_FOUND');
    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;
    expect(readBoard(watcher.doc).columns.flatMap((c) => c.cards.map((card) => `${c.id}/${card.title}`))).toEqual(['todo/Fine']);
  });

  it('each role, a non-member and an API key get what their role allows on every task route', async () => {
    const { boardId } = await newBoard();
    const seed = (await call<Task>('POST', '/api/tasks', { body: { projectId: h.projectId, boardId, title: 'Seed' } })).body.data;
    const outsider = await h.api.signIn();
    const roles = ['admin', 'editor', 'commenter', 'viewer'] as const;
    const people = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, (await h.member(role)).accessToken] as const)));
    const key = await call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { body: { name: 'ci', role: 'editor' } });
    const tokens: Record<string, string> = { owner: h.owner.accessToken, ...people, outsider: outsider.accessToken, apiKey: key.body.data.secret };
    const writers = new Set(['owner', 'admin', 'editor', 'apiKey']);
    for (const [who, token] of Object.entries(tokens)) {
      const as = <T>(method: string, path: string, body?: unknown) => h.api.call<T>(method, path, { token, ...(body === undefined ? {} : { body }) });
      const reads = writers.has(who) || who === 'commenter' || who === 'viewer';
      const readStatus = reads ? 200 : 404;
      expect((await as('GET', `/api/tasks/${seed.id}`)).status, `${who} reads a task`).toBe(readStatus);
      expect((await as('GET', `/api/tasks/columns?projectId=${h.projectId}&boardId=${boardId}`)).status, `${who} lists columns`).toBe(readStatus);
      expect((await as('GET', `/api/tasks/${seed.id}/comments`)).status, `${who} lists comments`).toBe(readStatus);
      const list = await as<{ items: Task[] }>('GET', `/api/tasks?projectId=${h.projectId}`);
      expect(list.status, `${who} lists tasks`).toBe(reads ? 200 : 404);
      const writeStatus = (success: number) => (writers.has(who) ? success : reads ? 403 : 404);
      const made = await as<Task>('POST', '/api/tasks', { projectId: h.projectId, boardId, title: `By ${who}` });
      expect(made.status, `${who} creates`).toBe(writeStatus(201));
      expect((await as('PUT', `/api/tasks/${seed.id}`, { description: who })).status, `${who} updates`).toBe(writeStatus(200));
      expect((await as('POST', '/api/tasks/move', { taskId: seed.id, toColumnId: 'review' })).status, `${who} moves`).toBe(writeStatus(200));
      expect((await as('POST', `/api/tasks/${seed.id}/comments`, { body: `from ${who}` })).status, `${who} comments`).toBe(writeStatus(201));
      expect((await as('POST', '/api/tasks/columns', { projectId: h.projectId, boardId, title: who })).status, `${who} adds a column`).toBe(writeStatus(201));
      if (made.status === 201) expect((await as('DELETE', `/api/tasks/${made.body.data.id}`)).status, `${who} archives`).toBe(200);
      else expect((await as('DELETE', `/api/tasks/${seed.id}`)).status, `${who} archives`).toBe(writeStatus(200));
    }
    // A task of another project answers like one that does not exist, to its members only.
    const elsewhere = await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } });
    const theirBoard = await h.api.call<{ name: string }>('POST', `/api/projects/${elsewhere.body.data.id}/documents`, { token: outsider.accessToken, body: { kind: 'kanban', title: 'Theirs' } });
    const theirs = await h.api.call<Task>('POST', '/api/tasks', { token: outsider.accessToken, body: { projectId: elsewhere.body.data.id, boardId: boardIdOf(theirBoard.body.data.name), title: 'Private' } });
    expectError(await call('GET', `/api/tasks/${theirs.body.data.id}`), 404, 'NOT_FOUND');
    expectError(await h.api.call('GET', `/api/tasks/${theirs.body.data.id}`, { token: key.body.data.secret }), 404, 'NOT_FOUND');
    const mine = await call<{ items: Task[] }>('GET', '/api/tasks?text=Private');
    expect(mine.body.data.items).toEqual([]);
  });
});
