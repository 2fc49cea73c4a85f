import { describe, expect, it } from 'vitest';
import { addCard, moveCard, updateCard } from '../documents/kanban/board.js';
import { fanOutEvents } from '../operations/notifications/fan-out-events.js';
import { NotificationHub } from '../operations/notifications/notification-hub.js';
import { recipientsOfEvents } from '../operations/notifications/recipients.js';
import { loadEvents } from '../storage/change-feed.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 50 };

interface Notification {
  id: string;
  readAt: string | null;
  event: { id: string; type: string; actor: string; itemId: string; data: Record<string, unknown> };
}

describe.each(BACKENDS)('the change feed and in-app notifications: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500' });

  it('a move over a socket and one over REST each notify the assignee once, by name of who did it, live and in the inbox', async () => {
    const name = await h.createBoard('Feed');
    const boardId = name.split(':')[2]!;
    const assignee = await h.member('editor');
    const inbox = (token = assignee.accessToken) => h.api.call<{ items: Notification[]; unread: number }>('GET', '/api/notifications', { token });

    const owner = h.open(name, h.owner.accessToken);
    const watching = h.open(name, assignee.accessToken);
    await Promise.all([owner.synced, watching.synced]);
    addCard(owner.doc, { id: 'c1', columnId: 'todo', title: 'Teaser', assignees: [assignee.userId] });
    await owner.saved.whenSaved();
    await expect.poll(async () => (await inbox()).body.data.items.map((n) => n.event.type), POLL).toEqual(['task.created']);

    moveCard(owner.doc, 'c1', 'review');
    // Several moves before one commit are still only what was committed: here one move.
    await owner.saved.whenSaved();
    await expect.poll(async () => (await inbox()).body.data.items.map((n) => n.event.type), POLL).toEqual(['task.moved', 'task.created']);
    const moved = (await inbox()).body.data.items[0]!;
    expect(moved.event).toMatchObject({ actor: `user:${h.owner.userId}`, itemId: `${h.projectId}.${boardId}.c1`, data: { from: 'todo', to: 'review', title: 'Teaser' } });
    await expect.poll(() => watching.messages.filter((m) => m.type === 'notification').length, POLL).toBe(2);

    const viaRest = await h.api.call('POST', '/api/tasks/move', { token: h.owner.accessToken, body: { taskId: `${h.projectId}.${boardId}.c1`, toColumnId: 'done' } });
    expect(viaRest.status).toBe(200);
    await expect.poll(async () => (await inbox()).body.data.items.filter((n) => n.event.type === 'task.moved').map((n) => n.event.data.to), POLL).toEqual(['done', 'review']);
    expect((await inbox()).body.data.unread).toBe(3);

    // Whoever acts is not told about it: the owner has nothing.
    expect((await inbox(h.owner.accessToken)).body.data.items).toEqual([]);
    // Editing a card's title alone is not an event people are notified of.
    updateCard(owner.doc, 'c1', { title: 'Teaser v2' });
    await owner.saved.whenSaved();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await inbox()).body.data.items).toHaveLength(3);

    const [first] = (await inbox()).body.data.items;
    const marked = await h.api.call<{ marked: number; unread: number }>('POST', '/api/notifications/read', { token: assignee.accessToken, body: { ids: [first!.id] } });
    expect(marked.body.data).toEqual({ marked: 1, unread: 2 });
    // Someone else's notification id marks nothing.
    expect((await h.api.call<{ marked: number }>('POST', '/api/notifications/read', { token: h.owner.accessToken, body: { ids: [first!.id] } })).body.data.marked).toBe(0);
    expect((await h.api.call<{ unread: number }>('POST', '/api/notifications/read-all', { token: assignee.accessToken })).body.data.unread).toBe(0);
    const unreadOnly = await h.api.call<{ items: Notification[] }>('GET', '/api/notifications?unread=true', { token: assignee.accessToken });
    expect(unreadOnly.body.data.items).toEqual([]);
  });

  it('notifies each person of an event once, however often its delivery runs', async () => {
    const name = await h.createBoard('Twice');
    const assignee = await h.member('editor');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c', columnId: 'todo', title: 'Once', assignees: [assignee.userId] });
    await owner.saved.whenSaved();
    const { rows } = await h.app.db.query<{ id: string; actor: string; type: string }>('SELECT id, actor, type FROM document_events WHERE document_name = $1', [name]);
    expect(rows.map((row) => [row.type, row.actor])).toEqual([['task.created', `user:${h.owner.userId}`]]);
    await expect.poll(async () => (await h.api.call<{ unread: number }>('GET', '/api/notifications/unread-count', { token: assignee.accessToken })).body.data.unread, POLL).toBe(1);
    // The job delivering these events runs again (a worker died after its work, before acknowledging it).
    expect(await fanOutEvents(h.app.db, new NotificationHub(), rows.map((row) => row.id))).toBe(0);
    expect((await h.api.call<{ unread: number }>('GET', '/api/notifications/unread-count', { token: assignee.accessToken })).body.data.unread).toBe(1);
  });

  it('finds the people of a whole batch of events at once, each event its own', async () => {
    const [first, second] = [await h.createBoard('Batch A'), await h.createBoard('Batch B')];
    const [ana, ben] = [await h.member('editor'), await h.member('viewer')];
    const stranger = '00000000-0000-4000-8000-000000000001';
    const a = h.open(first, h.owner.accessToken);
    const b = h.open(second, h.owner.accessToken);
    await Promise.all([a.synced, b.synced]);
    addCard(a.doc, { id: 'x', columnId: 'todo', title: 'For Ana', assignees: [ana.userId] });
    addCard(a.doc, { id: 'y', columnId: 'todo', title: 'For nobody' });
    addCard(b.doc, { id: 'x', columnId: 'todo', title: 'For Ben, the owner and a stranger', assignees: [ben.userId, h.owner.userId, stranger] });
    await Promise.all([a.saved.whenSaved(), b.saved.whenSaved()]);
    moveCard(a.doc, 'x', 'done');
    await a.saved.whenSaved();
    const { rows } = await h.app.db.query<{ id: string }>('SELECT id FROM document_events WHERE document_name = ANY($1::text[]) ORDER BY seq', [[first, second]]);
    const events = await loadEvents(h.app.db, rows.map((row) => row.id));
    const people = await recipientsOfEvents(h.app.db, events);
    const who = events.map((event) => [event.documentName === first ? 'A' : 'B', event.entryId, event.type, people.get(event.id)]);
    // Never the actor (the owner), never someone who is not a member; the same card id on two boards is two cards.
    expect(who).toEqual(
      expect.arrayContaining([
        ['A', 'x', 'task.created', [ana.userId]],
        ['A', 'y', 'task.created', []],
        ['B', 'x', 'task.created', [ben.userId]],
        ['A', 'x', 'task.moved', [ana.userId]],
      ]),
    );
    expect(who).toHaveLength(4);
  });

  it('an API key has no inbox', async () => {
    const key = await h.api.call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { token: h.owner.accessToken, body: { name: 'bot', role: 'editor' } });
    const reply = await h.api.call('GET', '/api/notifications', { token: key.body.data.secret });
    expect(reply.status).toBe(403);
  });
});
