import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addCard, updateCard } from '../documents/kanban/board.js';
import type { Reply } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 50 };

interface Preferences {
  projectId: string;
  groups: Record<string, string[]>;
  types: Record<string, string[]>;
  emailDigestMinutes: number;
  effective: Record<string, string[]>;
  updatedAt: string | null;
}

const paths = (reply: Reply) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  expect(reply.body.error?.code).toBe('VALIDATION_FAILED');
  return ((reply.body.error?.details ?? []) as { path: string }[]).map((issue) => issue.path);
};

describe.each(BACKENDS)('notification preferences (no SMTP configured): %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500' });
  const get = (token: string, projectId = h.projectId) => h.api.call<Preferences>('GET', `/api/notifications/preferences?projectId=${projectId}`, { token });
  const put = (token: string, body: unknown) => h.api.call<Preferences>('PUT', '/api/notifications/preferences', { token, body });

  it('starts from the defaults: everything in-app, email for what asks something of you', async () => {
    const member = await h.member('viewer');
    const reply = await get(member.accessToken);
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ projectId: h.projectId, groups: {}, types: {}, emailDigestMinutes: 0, updatedAt: null });
    const { effective } = reply.body.data;
    expect(effective['task.assigned']).toEqual(['inApp', 'email']);
    expect(effective['task.commented']).toEqual(['inApp', 'email']);
    expect(effective['thread.replied']).toEqual(['inApp', 'email']);
    expect(effective['event.conflicting']).toEqual(['inApp', 'email']);
    expect(effective['task.moved']).toEqual(['inApp']);
    expect(effective['item.stage-changed']).toEqual(['inApp']);
    expect(Object.values(effective).every((channels) => channels.includes('inApp'))).toBe(true);
  });

  it('stores a person’s choices per project: a type beats its group; a PUT replaces what was there', async () => {
    const member = await h.member('editor');
    const chosen = await put(member.accessToken, { projectId: h.projectId.toUpperCase(), groups: { tasks: ['inApp', 'email', 'email'] }, types: { 'task.moved': [] }, emailDigestMinutes: 30 });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.data).toMatchObject({ projectId: h.projectId, groups: { tasks: ['inApp', 'email'] }, types: { 'task.moved': [] }, emailDigestMinutes: 30 });
    expect(chosen.body.data.effective['task.moved']).toEqual([]);
    expect(chosen.body.data.effective['task.archived']).toEqual(['inApp', 'email']);
    expect(chosen.body.data.effective['event.rescheduled']).toEqual(['inApp']);
    expect((await get(member.accessToken)).body.data).toEqual(chosen.body.data);

    const replaced = await put(member.accessToken, { projectId: h.projectId, groups: { calendar: [] } });
    expect(replaced.body.data).toMatchObject({ groups: { calendar: [] }, types: {}, emailDigestMinutes: 0 });
    expect(replaced.body.data.effective['task.moved']).toEqual(['inApp']);
    expect(replaced.body.data.effective['event.scheduled']).toEqual([]);
    // Someone else's preferences are untouched by mine.
    expect((await get(h.owner.accessToken)).body.data.updatedAt).toBeNull();
  });

  it('refuses unknown event types, groups and channels, a digest past a day, and anything else (422)', async () => {
    const token = h.owner.accessToken;
    expect(paths(await put(token, { projectId: h.projectId, types: { 'task.exploded': ['inApp'] } }))).toEqual(['types']);
    expect(paths(await put(token, { projectId: h.projectId, groups: { billing: ['inApp'] } }))).toEqual(['groups']);
    expect(paths(await put(token, { projectId: h.projectId, types: { 'task.moved': ['sms'] } }))).toEqual(['types.task.moved.0']);
    expect(paths(await put(token, { projectId: h.projectId, emailDigestMinutes: 1_441 }))).toEqual(['emailDigestMinutes']);
    expect(paths(await put(token, { projectId: h.projectId, emailDigestMinutes: 2.5 }))).toEqual(['emailDigestMinutes']);
    expect(paths(await put(token, { groups: {} }))).toEqual(['projectId']);
    expect(paths(await put(token, { projectId: h.projectId, muted: true }))).toEqual(['']);
    expect(paths(await h.api.call('GET', '/api/notifications/preferences?projectId=nope', { token }))).toEqual(['projectId']);
  });

  it('only in your own projects: another project, or one that does not exist, is 404; an API key has none (403)', async () => {
    const stranger = await h.api.signIn();
    const theirs = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: stranger.accessToken, body: { name: 'Elsewhere' } })).body.data.id;
    for (const reply of [await get(h.owner.accessToken, theirs), await put(h.owner.accessToken, { projectId: theirs, types: {} }), await get(h.owner.accessToken, randomUUID())]) {
      expect(reply.status).toBe(404);
      expect(reply.body.error?.code).toBe('NOT_FOUND');
    }
    expect((await get(stranger.accessToken)).status).toBe(404);
    const key = await h.api.call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { token: h.owner.accessToken, body: { name: 'bot', role: 'editor' } });
    expect((await get(key.body.data.secret)).status).toBe(403);
  });

  it('in-app notifications follow the preferences; with SMTP unset no email is even planned', async () => {
    const name = await h.createBoard('Prefs');
    const muted = await h.member('editor');
    const listening = await h.member('editor');
    expect((await put(muted.accessToken, { projectId: h.projectId, types: { 'task.assigned': ['email'] } })).status).toBe(200);
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c', columnId: 'todo', title: 'Both' });
    await owner.saved.whenSaved();
    updateCard(owner.doc, 'c', { assignees: [muted.userId, listening.userId] });
    await owner.saved.whenSaved();
    const inbox = async (token: string) => (await h.api.call<{ items: { event: { type: string } }[] }>('GET', '/api/notifications', { token })).body.data.items.map((n) => n.event.type);
    await expect.poll(() => inbox(listening.accessToken), POLL).toContain('task.assigned');
    // Both assignments came in one commit, so one fan-out job, which handles the muted person's first.
    expect(await inbox(muted.accessToken)).not.toContain('task.assigned');
    const { rows } = await h.app.db.query<{ n: string }>(`SELECT count(*) AS n FROM deliveries WHERE channel = 'email'`);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
