import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { DOCUMENT_RESET } from '../collab/close-codes.js';
import { erasePerson } from '../operations/privacy/erase-person.js';
import { ERASED_USER } from '../storage/erase-person.js';
import { loadDocument } from '../storage/document-log.js';
import { findErasure, insertErasure } from '../storage/erasures.js';
import { silentLogger } from './helpers/logger.js';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { within } from './helpers/within.js';

const POLL = { timeout: 30_000, interval: 100 };

interface ErasureView {
  id: string;
  status: string;
  documentsReset: number;
}

const cardTitles = (doc: Y.Doc) => [...doc.getMap<Y.Map<unknown>>('cards').values()].map((card) => String(card.get('title')));
const findCard = (doc: Y.Doc, title: string) => [...doc.getMap<Y.Map<unknown>>('cards').values()].find((card) => card.get('title') === title);

describe.each(BACKENDS)('erasure: %s', (kind) => {
  const jobsSchema = `jobs_${randomBytes(5).toString('hex')}`;
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '200', JOBS_SCHEMA: jobsSchema });
  const as = <T>(person: SignedIn, method: string, url: string, body?: unknown) => h.api.call<T>(method, url, { token: person.accessToken, ...(body !== undefined ? { body } : {}) });

  /** Someone with a name and email no other data contains, added to the project. */
  async function person(role = 'editor'): Promise<SignedIn & { name: string }> {
    const tag = randomBytes(6).toString('hex');
    const name = `Zelda Quixote ${tag}`;
    const signed = await h.api.signIn(`zelda-${tag}@example.com`, name);
    expect((await as(h.owner, 'POST', `/api/projects/${h.projectId}/members`, { email: signed.email, role })).status).toBe(201);
    return { ...signed, name };
  }

  async function erasedBy(admin: SignedIn, id: string): Promise<ErasureView> {
    let view: ErasureView | undefined;
    await expect
      .poll(async () => {
        view = (await as<ErasureView>(admin, 'GET', `/api/admin/erasures/${id}`)).body.data;
        return view.status;
      }, POLL)
      .toMatch(/^(done|failed)$/);
    return view!;
  }

  const countErasures = async () => (await h.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM erasures')).rows[0]!.n;

  /** Every row of every table of ours and of the job queue as text (bytea as hex), and every bytea value's raw bytes. */
  async function rawDatabase(): Promise<{ text: string; bytes: Buffer[] }> {
    const db = h.app.db;
    const tables = (
      await db.query<{ schema: string; table_name: string }>(
        `SELECT table_schema AS schema, table_name FROM information_schema.tables WHERE table_schema IN (current_schema(), $1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
        [jobsSchema],
      )
    ).rows;
    expect(tables.some((t) => t.schema === jobsSchema)).toBe(true);
    const texts: string[] = [];
    const bytes: Buffer[] = [];
    for (const { schema, table_name: table } of tables) {
      const rows = (await db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${table}" t`)).rows;
      texts.push(...rows.map((r) => r.row));
      const columns = (await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND data_type = 'bytea'`, [schema, table])).rows;
      for (const { column_name } of columns) {
        const values = (await db.query<{ value: Buffer | null }>(`SELECT "${column_name}" AS value FROM "${schema}"."${table}"`)).rows;
        for (const { value } of values) if (value) bytes.push(Buffer.from(value));
      }
    }
    return { text: texts.join('\n'), bytes };
  }

  function expectNowhere(raw: { text: string; bytes: Buffer[] }, needles: string[]): void {
    for (const needle of needles) {
      expect(raw.text.toLowerCase(), `text holds ${needle}`).not.toContain(needle.toLowerCase());
      expect(raw.text, `hex holds ${needle}`).not.toContain(Buffer.from(needle).toString('hex'));
      expect(raw.bytes.some((b) => b.includes(Buffer.from(needle))), `bytes hold ${needle}`).toBe(false);
    }
  }

  it('erases a person from every table, snapshot, log row and checkpoint; boards still load and converge; an old offline copy is refused', async () => {
    const zelda = await person();
    const boards = [await h.createBoard('Launch'), await h.createBoard('Backlog')];
    const boardIds = boards.map((name) => name.split(':')[2]!);
    // Cards and comments through REST in both boards.
    for (const [index, boardId] of boardIds.entries()) {
      const card = await as<{ id: string }>(zelda, 'POST', '/api/tasks', { projectId: h.projectId, boardId, title: `Zelda card ${index}` });
      expect(card.status, JSON.stringify(card.body)).toBe(201);
      expect((await as(zelda, 'POST', `/api/tasks/${card.body.data.id}/comments`, { body: `Zelda comment ${index} mail ${zelda.email}` })).status).toBe(201);
    }
    // A question to the knowledge chat, her email in it: her conversation goes with her.
    const chat = await fetch(`${h.app.url}/api/chat/message`, { method: 'POST', headers: { authorization: `Bearer ${zelda.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ projectId: h.projectId, message: `Zelda asks, reply to ${zelda.email}` }) });
    expect(chat.status).toBe(200);
    await chat.text();
    // A third board only the owner wrote in, where her email was a card's title once: only its history holds it.
    const third = await h.createBoard('Elsewhere');
    const typed = await as<{ id: string }>(h.owner, 'POST', '/api/tasks', { projectId: h.projectId, boardId: third.split(':')[2], title: zelda.email });
    expect(typed.status).toBe(201);
    const renamed = await as(h.owner, 'PUT', `/api/tasks/${typed.body.data.id}`, { title: 'Ask her later' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    // Offline work in the first board, synced when she comes back.
    const live = h.open(boards[0]!, zelda.accessToken);
    await within(live.synced, 10_000, 'zelda synced');
    live.websocketProvider.disconnect();
    // connect() is a no-op until the socket has really closed.
    await expect.poll(() => live.websocketProvider.status, POLL).toBe('disconnected');
    const commentId = `c${randomBytes(4).toString('hex')}`;
    const comment = new Y.Map<unknown>(Object.entries({ id: commentId, cardId: String(findCard(live.doc, 'Zelda card 0')!.get('id')), authorId: zelda.userId, body: 'Zelda offline comment', createdAt: new Date().toISOString(), editedAt: null, deleted: false }));
    live.doc.transact(() => {
      findCard(live.doc, 'Zelda card 0')!.set('title', 'Zelda card 0 renamed offline');
      live.doc.getMap('comments').set(commentId, comment);
    });
    live.websocketProvider.connect();
    await expect.poll(() => live.saved.saved, POLL).toBe(true);
    // Her browser's copy, kept aside offline with an edit that never reached the server.
    live.websocketProvider.disconnect();
    await expect.poll(() => live.websocketProvider.status, POLL).toBe('disconnected');
    findCard(live.doc, 'Zelda card 0 renamed offline')!.set('title', 'Zelda unsent secret');
    // A checkpoint of the board's history, taken by her.
    const stateThen = Y.mergeUpdates((await loadDocument(h.app.db, boards[1]!)).updates);
    expect(Buffer.from(stateThen).includes(Buffer.from(zelda.userId))).toBe(true);
    await h.app.db.query(`INSERT INTO document_versions (document_name, kind, label, state, created_by) VALUES ($1, 'named', $2, $3, $4)`, [boards[1], `Zelda version`, Buffer.from(stateThen), `user:${zelda.userId}`]);

    // A card of hers before the erasure, as the board shows it.
    const watcher = h.open(boards[0]!, h.owner.accessToken);
    await within(watcher.synced, 10_000, 'owner synced');
    expect(cardTitles(watcher.doc)).toContain('Zelda card 0 renamed offline');

    // Before: the database holds her everywhere (so the search below can find what it looks for).
    const before = await rawDatabase();
    for (const needle of [zelda.userId, zelda.email, zelda.name]) expect(before.text.includes(needle) || before.bytes.some((b) => b.includes(Buffer.from(needle)))).toBe(true);
    expect(before.bytes.some((b) => b.includes(Buffer.from(zelda.userId)))).toBe(true);

    await grantInstanceAdmin(h.app.db, h.owner.email, 'test');
    const erasuresBefore = await countErasures();
    const [first, second] = await Promise.all([as<ErasureView>(zelda, 'DELETE', '/api/me', { confirm: zelda.email }), as<ErasureView>(zelda, 'DELETE', '/api/me', { confirm: zelda.email.toUpperCase() })]);
    // Asked twice at once: one erasure. The second answer is that erasure under way (200), or, when
    // the worker (woken the moment the first was queued) has already erased her, 401.
    const statuses = [first.status, second.status].sort();
    expect([[200, 202], [202, 401]], JSON.stringify([first.body, second.body])).toContainEqual(statuses);
    if (statuses[0] === 200) expect(first.body.data.id).toBe(second.body.data.id);
    expect(await countErasures()).toBe(erasuresBefore + 1);
    const accepted = first.status === 202 ? first : second;
    // The owner keeps editing the board through REST while it is reset: nothing is lost, nothing waits forever.
    const during: string[] = [];
    for (let n = 0; n < 6; n++) {
      const made = await as(h.owner, 'POST', '/api/tasks', { projectId: h.projectId, boardId: boardIds[0], title: `During ${n}` });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      during.push(`During ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const done = await erasedBy(h.owner, accepted.body.data.id);
    expect(done).toMatchObject({ status: 'done' });
    expect(done.documentsReset).toBeGreaterThanOrEqual(3);

    // Connected clients were told to reload: the owner's socket closed with document-reset.
    await expect.poll(() => watcher.socketCloses, POLL).toContain(DOCUMENT_RESET.code);

    const raw = await rawDatabase();
    expectNowhere(raw, [zelda.userId, zelda.email, zelda.name, 'Zelda unsent secret']);
    // The erased identity took her place; her content stays with the project.
    expect(raw.text).toContain(ERASED_USER.id);
    expect((await as(zelda, 'GET', '/api/projects')).status).toBe(401);
    // Her chat conversation was hers alone: gone, not re-pointed.
    expect((await h.app.db.query(`SELECT 1 FROM knowledge_messages WHERE content LIKE 'Zelda asks%'`)).rows).toEqual([]);

    // The boards load and two fresh clients converge.
    const a = h.open(boards[0]!, h.owner.accessToken);
    const other = await person();
    const b = h.open(boards[0]!, other.accessToken);
    await within(Promise.all([a.synced, b.synced]), 10_000, 'fresh clients synced');
    expect(cardTitles(a.doc)).toContain('Zelda card 0 renamed offline');
    expect(cardTitles(a.doc)).toEqual(expect.arrayContaining(during));
    const comments = [...a.doc.getMap<Y.Map<unknown>>('comments').values()].map((c) => c.toJSON() as { authorId: string; body: string });
    expect(comments.find((c) => c.body === 'Zelda offline comment')?.authorId).toBe(ERASED_USER.id);
    expect(comments.some((c) => c.body.includes(ERASED_USER.email))).toBe(true);
    findCard(b.doc, 'Zelda card 0 renamed offline')!.set('title', 'Renamed after erasure');
    await expect.poll(() => cardTitles(a.doc), POLL).toContain('Renamed after erasure');
    const tasks = await as<{ items: { title: string }[] }>(h.owner, 'GET', `/api/tasks?projectId=${h.projectId}&boardId=${boardIds[1]}`);
    expect(tasks.status, JSON.stringify(tasks.body)).toBe(200);

    // The rewritten checkpoint still restores (content as it was then, her authorship replaced).
    const versionsUrl = `/api/projects/${h.projectId}/documents/${boardIds[1]}/versions`;
    const versions = await as<{ versions: { id: string; label: string | null; createdBy: string }[] }>(h.owner, 'GET', versionsUrl);
    expect(versions.status, JSON.stringify(versions.body)).toBe(200);
    const hers = versions.body.data.versions.find((v) => v.label === 'Zelda version');
    expect(hers?.createdBy).toBe(`user:${ERASED_USER.id}`);
    const restored = await as(h.owner, 'POST', `${versionsUrl}/${hers!.id}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expectNowhere(await rawDatabase(), [zelda.userId, zelda.email, zelda.name]);

    // Her old offline copy comes back (as someone still signed in on that browser would): refused, never merged.
    const stale = h.open(boards[0]!, other.accessToken, { doc: live.doc });
    await expect.poll(() => stale.socketCloses, POLL).toContain(DOCUMENT_RESET.code);
    stale.destroy();
    // A read-only connection's edits are dropped unjudged, but its stale copy is refused all the same.
    const viewer = await person('viewer');
    const staleViewer = h.open(boards[0]!, viewer.accessToken, { doc: live.doc });
    await expect.poll(() => staleViewer.socketCloses, POLL).toContain(DOCUMENT_RESET.code);
    staleViewer.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cardTitles(a.doc)).not.toContain('Zelda unsent secret');
    expect(cardTitles(a.doc)).toContain('Renamed after erasure');
    await h.app.db.query('SELECT 1');
    expectNowhere(await rawDatabase(), ['Zelda unsent secret', zelda.userId]);
    live.destroy();
  }, 120_000);

  it('refuses the last owner of a project until ownership moves, without a recent sign-in, and to anyone but admins on the admin route', async () => {
    const solo = await h.api.signIn();
    const project = await as<{ id: string }>(solo, 'POST', '/api/projects', { name: 'Solo' });
    expect(project.status).toBe(201);
    const refused = await as<unknown>(solo, 'DELETE', '/api/me', { confirm: solo.email });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'LAST_OWNER', details: { projects: [{ id: project.body.data.id, name: 'Solo' }] } });
    expect((await h.app.db.query('SELECT 1 FROM erasures WHERE user_id = $1', [solo.userId])).rows).toHaveLength(0);

    // Became the last owner after asking (the check is made again when the job runs): nothing is touched.
    const racing = await insertErasure(h.app.db, solo.userId, 'admin');
    const untouched = await erasePerson({ db: h.app.db, logger: silentLogger, events: null, blobs: null, resetDocument: () => Promise.reject(new Error('no document is reset for a refused erasure')) }, racing!.id);
    expect(untouched).toBe('last-owner');
    expect((await findErasure(h.app.db, racing!.id))?.status).toBe('failed');
    expect((await as(solo, 'GET', '/api/projects')).status).toBe(200);

    // Not recent: the session started 11 minutes ago.
    const late = await person();
    await h.app.db.query(`UPDATE sessions SET created_at = now() - interval '11 minutes' WHERE user_id = $1`, [late.userId]);
    const reauth = await as<unknown>(late, 'DELETE', '/api/me', { confirm: late.email });
    expect(reauth.status).toBe(403);
    expect(reauth.body.error?.code).toBe('REAUTH_REQUIRED');

    // Wrong or hostile confirmations, and API keys.
    const fresh = await person();
    for (const body of [{ confirm: 'someone@else.com' }, { confirm: 'x'.repeat(5_000) }, { confirm: 42 }, { confirm: `${fresh.email}\u0000` }, {}, { confirm: fresh.email, extra: true }]) {
      const reply = await as<unknown>(fresh, 'DELETE', '/api/me', body);
      expect(reply.status, JSON.stringify(body).slice(0, 60)).toBe(422);
    }
    const key = await as<{ secret: string }>(h.owner, 'POST', `/api/projects/${h.projectId}/api-keys`, { name: 'ci', role: 'editor' });
    expect((await h.api.call('DELETE', '/api/me', { token: key.body.data.secret, body: { confirm: 'x@y.z' } })).status).toBe(403);
    expect((await h.api.call('DELETE', '/api/me', { body: { confirm: 'x@y.z' } })).status).toBe(401);

    // Nobody signs in as the erased identity, nor is invited as it.
    expect((await h.api.call('POST', '/auth/dev/login', { body: { email: ERASED_USER.email.toUpperCase() } })).status).toBe(422);
    expect((await as(h.owner, 'POST', `/api/projects/${h.projectId}/members`, { email: ERASED_USER.email, role: 'editor' })).status).toBe(422);

    // The admin route: members are refused; admins erase, once.
    expect((await as(fresh, 'POST', '/api/admin/erasures', { userId: late.userId })).status).toBe(403);
    expect((await as(fresh, 'GET', `/api/admin/erasures/${randomUUID()}`)).status).toBe(403);
    await grantInstanceAdmin(h.app.db, h.owner.email, 'test');
    for (const body of [{ userId: 'nope' }, { userId: 'x'.repeat(5_000) }, {}]) expect((await as(h.owner, 'POST', '/api/admin/erasures', body)).status).toBe(422);
    expect((await as(h.owner, 'POST', '/api/admin/erasures', { userId: randomUUID() })).status).toBe(404);
    expect((await as(h.owner, 'POST', '/api/admin/erasures', { userId: ERASED_USER.id })).status).toBe(404);
    expect((await as(h.owner, 'POST', '/api/admin/erasures', { userId: solo.userId })).status).toBe(409);
    expect((await as(h.owner, 'GET', '/api/admin/erasures/nope')).status).toBe(404);
    const byAdmin = await as<ErasureView>(h.owner, 'POST', '/api/admin/erasures', { userId: late.userId });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(202);
    expect((await erasedBy(h.owner, byAdmin.body.data.id)).status).toBe('done');
    expect((await as(h.owner, 'POST', '/api/admin/erasures', { userId: late.userId })).status).toBe(404);
    const audit = await h.app.db.query<{ target: string }>(`SELECT target FROM audit_log WHERE action IN ('privacy.erasure_requested', 'privacy.erased') AND target = $1`, [`erasure:${byAdmin.body.data.id}`]);
    expect(audit.rows).toHaveLength(2);
    expectNowhere(await rawDatabase(), [late.userId, late.email, late.name]);
  }, 120_000);
});
