import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBoard } from '../documents/kanban/board.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { client } from './helpers/client.js';
import { freshDatabase } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';

/** Requests in flight at once: each of these loops sends its next request only once the last one answered. */
const LOOPS = 6;
/** The server is killed once this many responses have arrived, at the first answer while another request is in flight. */
const KILL_AFTER = 30;
const MOVED_TO = ['in-progress', 'review', 'done'];

/** What the test checks of a card: where it is and what it says. */
interface CardState {
  columnId: string;
  title: string;
  description: string;
  labels: string[];
}
type Cards = Record<string, CardState>;

interface Op {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  status: number;
  /** The cards of this loop once the request has taken effect. */
  apply(cards: Cards): Cards;
}

/**
 * Loop `loop`'s n-th request: it creates a card, moves it to another column, then changes three
 * of its fields at once, and starts over with a new card. Each request changes something, so
 * every prefix of a loop's requests leaves a different state.
 */
function opOf(loop: number, n: number, where: { projectId: string; boardId: string }): Op {
  const round = Math.floor(n / 3);
  const cardId = `l${loop}c${round}`;
  const taskId = `${where.projectId}.${where.boardId}.${cardId}`;
  switch (n % 3) {
    case 0: {
      const card = { columnId: 'todo', title: `Card ${loop}.${round}`, description: `made by loop ${loop}`, labels: [`loop-${loop}`] };
      return { method: 'POST', path: '/api/tasks', body: { projectId: where.projectId, boardId: where.boardId, cardId, ...card }, status: 201, apply: (cards) => ({ ...cards, [cardId]: card }) };
    }
    case 1: {
      const toColumnId = MOVED_TO[(loop + round) % MOVED_TO.length]!;
      return { method: 'POST', path: '/api/tasks/move', body: { taskId, toColumnId }, status: 200, apply: (cards) => ({ ...cards, [cardId]: { ...cards[cardId]!, columnId: toColumnId } }) };
    }
    default: {
      const changes = { title: `Card ${loop}.${round}, edited`, description: `edited by loop ${loop}`, labels: [`loop-${loop}`, 'edited'] };
      return { method: 'PUT', path: `/api/tasks/${taskId}`, body: changes, status: 200, apply: (cards) => ({ ...cards, [cardId]: { ...cards[cardId]!, ...changes } }) };
    }
  }
}

/** The loop's cards after its first `count` requests took effect. */
function after(loop: number, count: number, where: { projectId: string; boardId: string }): Cards {
  let cards: Cards = {};
  for (let n = 0; n < count; n++) cards = opOf(loop, n, where).apply(cards);
  return cards;
}

/** Cards by id with sorted keys, so two views compare as JSON. */
function canonical(cards: Cards): string {
  return JSON.stringify(
    Object.keys(cards)
      .sort()
      .map((id) => [id, cards[id]!.columnId, cards[id]!.title, cards[id]!.description, cards[id]!.labels]),
  );
}

/** A REST change answered means committed: it survives `kill -9` of the server, and one cut short is there whole or not at all. */
describe.each(['pglite', 'postgres'] as const)('durable REST task edits: %s', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(): Promise<Record<string, string>> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-tasks-durable-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      AUTH_DEV_LOGIN: 'true',
      AUTH_JWT_SECRET: 'tasks-durability-secret-long-enough-0123456789',
      RATE_LIMIT_API_PER_MINUTE: '100000',
    };
    if (kind === 'postgres') {
      const database = await freshDatabase('postgres');
      cleanups.push(() => database.cleanup());
      env.DATABASE_URL = database.databaseUrl!;
    }
    return env;
  }

  async function start(env: Record<string, string>): Promise<{ child: ChildServer; url: string }> {
    const child = spawnServer(env);
    cleanups.push(() => {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    });
    const url = await child.listening;
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 20_000, interval: 50 }).toBe(200);
    return { child, url };
  }

  it('every create, move and update answered before kill -9 is there after the restart, and none is half-applied', { timeout: 120_000 }, async () => {
    const env = await environment();
    const first = await start(env);
    const api = client(first.url);
    const me = await api.signIn('tasks-durable@example.com');
    const project = await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Durable tasks' } });
    const board = await createDocument(api, me.accessToken, project.body.data.id, 'kanban', { title: 'Killed mid-flight' });
    const where = { projectId: project.body.data.id, boardId: board.id };

    // LOOPS requests in flight at once; the moment the KILL_AFTER-th response arrives, kill -9.
    const loops = Array.from({ length: LOOPS }, () => ({ answered: 0, inFlight: false, cutShort: undefined as string | undefined }));
    let answered = 0;
    let inFlightAtKill = -1;
    const unexpected: string[] = [];
    await Promise.all(
      loops.map(async (state, loop) => {
        for (let n = 0; inFlightAtKill < 0; n++) {
          const op = opOf(loop, n, where);
          state.inFlight = true;
          let response: Response;
          try {
            response = await fetch(`${first.url}${op.path}`, {
              method: op.method,
              headers: { authorization: `Bearer ${me.accessToken}`, 'content-type': 'application/json' },
              body: JSON.stringify(op.body),
            });
          } catch (error) {
            // No response: the server died with this request in flight.
            state.cutShort = String((error as Error).cause ?? error);
            return;
          }
          // The response arrived (its status line is here): from now on the change must survive.
          state.inFlight = false;
          state.answered++;
          if (response.status !== op.status) unexpected.push(`${op.method} ${op.path} answered ${response.status}: ${await response.text().catch(() => '')}`);
          // Killed once enough answered and another request is out (on a busy machine every other
          // loop may for a moment be between answers, and a kill then would cut nothing short).
          if (++answered >= KILL_AFTER && inFlightAtKill < 0 && loops.some((other) => other.inFlight)) {
            first.child.process.kill('SIGKILL');
            inFlightAtKill = loops.filter((other) => other.inFlight).length;
          }
          await response.arrayBuffer().catch(() => {});
        }
      }),
    );
    await first.child.exited;
    expect(unexpected).toEqual([]);
    expect(first.child.process.signalCode).toBe('SIGKILL');
    // Some answered, some not: the kill came while requests were in flight.
    expect(answered).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(loops.filter((state) => state.cutShort !== undefined).length).toBeGreaterThan(0);

    const second = await start(env);
    const again = client(second.url);
    // The projection first, before anything loads the board: what the log's transactions left in it.
    const listed: Cards = {};
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const page: Awaited<ReturnType<typeof again.call<{ items: (CardState & { cardId: string })[]; next: string | null }>>> = await again.call(
        'GET',
        `/api/tasks?projectId=${where.projectId}&boardId=${where.boardId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { token: me.accessToken },
      );
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      for (const task of page.body.data.items) listed[task.cardId] = { columnId: task.columnId, title: task.title, description: task.description, labels: task.labels };
      cursor = page.body.data.next;
    }

    const reader = connectProvider(`${second.url.replace('http', 'ws')}/collab`, board.name, me.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    const placed = readBoard(reader.doc).columns.flatMap((column) => column.cards.map((card) => ({ id: card.id, state: { columnId: column.id, title: card.title, description: card.description, labels: card.labels } })));
    // Each card once on the board, and the board and the listing say the same.
    expect(new Set(placed.map((card) => card.id)).size).toBe(placed.length);
    const seen: Cards = Object.fromEntries(placed.map((card) => [card.id, card.state]));
    expect(canonical(listed)).toBe(canonical(seen));

    // Per loop: exactly its answered requests, or those plus the one cut short, whole.
    let appliedThoughUnanswered = 0;
    for (const [loop, state] of loops.entries()) {
      const mine: Cards = Object.fromEntries(Object.entries(seen).filter(([id]) => id.startsWith(`l${loop}c`)));
      const answeredState = canonical(after(loop, state.answered, where));
      const withCutShort = canonical(after(loop, state.answered + 1, where));
      const got = canonical(mine);
      const allowed = state.cutShort !== undefined ? [answeredState, withCutShort] : [answeredState];
      expect(allowed, `loop ${loop}: ${state.answered} answered${state.cutShort ? ', one cut short' : ''}; the board has ${got}`).toContain(got);
      if (state.cutShort !== undefined && got === withCutShort) appliedThoughUnanswered++;
    }
    // Nothing else on the board.
    expect(Object.keys(seen).every((id) => /^l\d+c\d+$/.test(id))).toBe(true);
    expect(appliedThoughUnanswered).toBeLessThanOrEqual(inFlightAtKill);
  });
});
