/**
 * Workloads 8 and 9 (ours only: the baselines have no REST API): the Kanban boards over
 * `/api/tasks` (issue 10).
 *   8. Task moves on one board while 50 providers watch it: moves/s at a fixed concurrency, REST
 *      latency, and the time until every watcher saw each move.
 *   9. `GET /api/tasks` over a project of 100 boards × 1,000 cards, with no document loaded and
 *      with every board open: the list reads the projection, so both must cost the same.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { addCard, readBoard } from '../../documents/kanban/board.js';
import { DEFAULT_COLUMNS, kanbanModel } from '../../documents/kanban/model.js';
import { allEntries } from '../../documents/projection.js';
import { percentile } from './stats.js';
import type { Replica, RunningTarget } from './targets.js';
import { connectAll, waitFor } from './workloads.js';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const COLUMN_IDS = DEFAULT_COLUMNS.map((column) => column.id);

function cpuPercent(before: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / wallMs) * 100;
}

/** CPU seconds the process has used (user + system), from /proc; NaN where there is none. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Api {
  origin: string;
  projectId: string;
  token: string;
  get<T>(path: string): Promise<{ status: number; body: { data: T; error?: { code: string; message: string } } }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: { data: T; error?: { code: string; message: string } } }>;
}

function apiOf(target: RunningTarget): Api {
  if (!target.origin || !target.projectId || !target.accessToken) throw new Error('the task workloads need our server (REST origin, project and token)');
  const { origin, projectId, accessToken: token } = target;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { origin, projectId, token, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
async function inParallel<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await fn(items[index]!, index);
      }
    }),
  );
}

interface TaskRow {
  id: string;
  cardId: string;
  columnId: string;
  boardId: string;
}

/** Every task of a board (or project) through the cursor, 200 a page. */
async function listAll(api: Api, query: string): Promise<{ items: TaskRow[]; pages: number; cursors: string[] }> {
  const items: TaskRow[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const reply: Awaited<ReturnType<typeof api.get<{ items: TaskRow[]; next: string | null }>>> = await api.get(`/api/tasks?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    if (reply.status !== 200) throw new Error(`GET /api/tasks?${query} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    items.push(...reply.body.data.items);
    pages++;
    cursor = reply.body.data.next;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  return { items, pages, cursors };
}

export interface TaskMovesResult {
  watchers: number;
  cards: number;
  concurrency: number;
  /** Moves answered 200 in the window. */
  moves: number;
  movesPerSecond: number;
  /** Moves answered otherwise (each is listed in `errorSamples`, up to 5). */
  errors: number;
  errorSamples: string[];
  /** Request sent → response read (ms). */
  restP50: number;
  restP99: number;
  restMax: number;
  /** The slowest move of each of the five slowest episodes (moves sent at least 1 s apart): when it was sent (s into the window) and how long it took (ms), to tell periodic stalls from noise. */
  slowest: { atSeconds: number; ms: number }[];
  /** Request sent → the last of the watchers applied it (ms). */
  allSawP50: number;
  allSawP99: number;
  allSawMax: number;
  /** Request sent → one watcher applied it, over every (move, watcher) pair (ms). */
  eachSawP50: number;
  eachSawP99: number;
  /** `GET /api/tasks` of the same board before the moves, one at a time for a second (ms). */
  listIdleP50: number;
  listIdleP99: number;
  /** `GET /api/tasks` of the same board, once every 200 ms during the moves (ms). */
  listDuringP50: number;
  listDuringP99: number;
  listDuringMax: number;
  listDuringCount: number;
  loopP99: number;
  /** The server's CPU during the moves (100 % = one core; it is pinned to one where taskset exists). */
  serverCpu: number;
  generatorCpu: number;
}

/**
 * Workload 8: `watchers` providers on one board of `cards` cards (made over REST); a REST caller
 * moves cards to another column (at a random position) with `concurrency` requests in flight for
 * `seconds`. A card is never moved twice at once, and every move changes its column, so the n-th
 * column change a watcher applies to a card is the card's n-th move: that pairs each move with the
 * moment each watcher saw it. At the end every watcher must hold the same board with each card
 * once, agree with the REST listing, and have seen every move exactly once; otherwise it throws.
 */
export async function taskMoves(target: RunningTarget, options: { watchers: number; cards: number; concurrency: number; seconds: number }): Promise<TaskMovesResult> {
  const api = apiOf(target);
  const name = await target.newBoard('task moves');
  const boardId = name.split(':')[2]!;
  const column = new Map<string, string>();
  const cardIds = Array.from({ length: options.cards }, (_, i) => `m${i}`);
  await inParallel(cardIds, 8, async (cardId, i) => {
    const columnId = COLUMN_IDS[i % COLUMN_IDS.length]!;
    const created = await api.post<TaskRow>('/api/tasks', { projectId: api.projectId, boardId, columnId, title: `Move me ${i}`, cardId });
    if (created.status !== 201) throw new Error(`could not create a task: ${created.status} ${JSON.stringify(created.body)}`);
    column.set(cardId, columnId);
  });
  const watchers = await connectAll(target, name, options.watchers);
  try {
    await waitFor(() => watchers.every((watcher) => watcher.doc.getMap('cards').size === options.cards), 30_000, 'every watcher to have the cards');
    /** Per watcher: card id → when each column change of it was applied. */
    const seen = watchers.map((watcher) => {
      const times = new Map<string, number[]>();
      const cards = watcher.doc.getMap<Y.Map<unknown>>('cards');
      cards.observeDeep((events, transaction) => {
        if (transaction.local) return;
        const at = now();
        for (const event of events) {
          if (event.target === cards || !(event instanceof Y.YMapEvent) || !event.keysChanged.has('columnId')) continue;
          const cardId = String(event.path[0]);
          const list = times.get(cardId) ?? [];
          list.push(at);
          times.set(cardId, list);
        }
      });
      return times;
    });

    const sentPerCard = new Map<string, number>();
    const inFlight = new Set<string>();
    const moves: { cardId: string; ordinal: number; sentAt: number; answeredAt: number }[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    let turn = 0;
    const nextCard = () => {
      for (let tries = 0; tries < cardIds.length; tries++) {
        const cardId = cardIds[turn++ % cardIds.length]!;
        if (!inFlight.has(cardId)) return cardId;
      }
      throw new Error('more requests in flight than cards');
    };

    const boardList = `${api.origin}/api/tasks?projectId=${api.projectId}&boardId=${boardId}&limit=50`;
    const idle = await timeGets(boardList, api.token, 1);
    const listLatencies: number[] = [];
    let moving = true;
    const lister = (async () => {
      while (moving) {
        const started = now();
        const reply = await fetch(boardList, { headers: { authorization: `Bearer ${api.token}` } });
        await reply.arrayBuffer();
        if (reply.status !== 200) throw new Error(`GET /api/tasks during the moves answered ${reply.status}`);
        listLatencies.push(now() - started);
        await sleep(200);
      }
    })();
    // Awaited after the moves; until then a failure must not count as unhandled.
    lister.catch(() => {});

    await target.loopDelay();
    const cpu = process.cpuUsage();
    const serverCpuBefore = processCpuSeconds(target.pid);
    const started = now();
    const stopAt = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (now() < stopAt) {
          const cardId = nextCard();
          const from = column.get(cardId)!;
          const to = COLUMN_IDS.filter((id) => id !== from)[Math.floor(Math.random() * (COLUMN_IDS.length - 1))]!;
          const ordinal = (sentPerCard.get(cardId) ?? 0) + 1;
          sentPerCard.set(cardId, ordinal);
          inFlight.add(cardId);
          const sentAt = now();
          const reply = await fetch(`${api.origin}/api/tasks/move`, {
            method: 'POST',
            headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ taskId: `${api.projectId}.${boardId}.${cardId}`, toColumnId: to, index: Math.floor(Math.random() * (options.cards / COLUMN_IDS.length)) }),
          });
          const text = await reply.text();
          const answeredAt = now();
          inFlight.delete(cardId);
          if (reply.status !== 200) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(`${reply.status} ${text.slice(0, 300)}`);
            // A refused move changed nothing (a 5xx may have: the final agreement check tells).
            if (reply.status < 500) sentPerCard.set(cardId, ordinal - 1);
            continue;
          }
          column.set(cardId, (JSON.parse(text) as { data: TaskRow }).data.columnId);
          moves.push({ cardId, ordinal, sentAt, answeredAt });
        }
      }),
    );
    const elapsed = Math.max(...moves.map((move) => move.answeredAt), stopAt) - started;
    const generatorCpu = cpuPercent(cpu, now() - started);
    const serverCpu = ((processCpuSeconds(target.pid) - serverCpuBefore) * 100_000) / (now() - started);
    const loop = await target.loopDelay();
    moving = false;
    await lister;

    const complete = () => seen.every((times) => cardIds.every((cardId) => (times.get(cardId)?.length ?? 0) >= (sentPerCard.get(cardId) ?? 0)));
    await waitFor(complete, 15_000, 'every watcher to see every move');
    const allSaw: number[] = [];
    const eachSaw: number[] = [];
    for (const move of moves) {
      let last = 0;
      for (const times of seen) {
        const at = times.get(move.cardId)![move.ordinal - 1]! - move.sentAt;
        eachSaw.push(at);
        last = Math.max(last, at);
      }
      allSaw.push(last);
    }
    await checkAgreement(api, boardId, watchers, cardIds, seen, sentPerCard);
    const restLatencies = moves.map((move) => move.answeredAt - move.sentAt);
    return {
      watchers: options.watchers,
      cards: options.cards,
      concurrency: options.concurrency,
      moves: moves.length,
      movesPerSecond: moves.length / (elapsed / 1000),
      errors,
      errorSamples,
      restP50: percentile(restLatencies, 50),
      restP99: percentile(restLatencies, 99),
      restMax: percentile(restLatencies, 100),
      slowest: slowestEpisodes(moves.map((move) => ({ atSeconds: (move.sentAt - started) / 1000, ms: move.answeredAt - move.sentAt }))),
      allSawP50: percentile(allSaw, 50),
      allSawP99: percentile(allSaw, 99),
      allSawMax: percentile(allSaw, 100),
      eachSawP50: percentile(eachSaw, 50),
      eachSawP99: percentile(eachSaw, 99),
      listIdleP50: idle.p50,
      listIdleP99: idle.p99,
      listDuringP50: percentile(listLatencies, 50),
      listDuringP99: percentile(listLatencies, 99),
      listDuringMax: percentile(listLatencies, 100),
      listDuringCount: listLatencies.length,
      loopP99: loop.p99,
      serverCpu,
      generatorCpu,
    };
  } finally {
    watchers.forEach((watcher) => watcher.destroy());
  }
}

/** The slowest sample, then the slowest at least 1 s away from those already taken, up to five. */
function slowestEpisodes(samples: { atSeconds: number; ms: number }[]): { atSeconds: number; ms: number }[] {
  const picked: { atSeconds: number; ms: number }[] = [];
  for (const sample of [...samples].sort((a, b) => b.ms - a.ms)) {
    if (picked.length === 5) break;
    if (picked.every((other) => Math.abs(other.atSeconds - sample.atSeconds) >= 1)) picked.push(sample);
  }
  return picked.sort((a, b) => a.atSeconds - b.atSeconds);
}

/** Every watcher: the same board, each card exactly once, every move seen exactly once; and the REST listing agrees. */
async function checkAgreement(api: Api, boardId: string, watchers: Replica[], cardIds: string[], seen: Map<string, number[]>[], sentPerCard: Map<string, number>): Promise<void> {
  const layout = (replica: Replica) => readBoard(replica.doc).columns.map((c) => `${c.id}:${c.cards.map((card) => card.id).join(',')}`).join('|');
  const first = layout(watchers[0]!);
  const placed = readBoard(watchers[0]!.doc).columns.flatMap((c) => c.cards.map((card) => card.id));
  if (placed.length !== cardIds.length || new Set(placed).size !== cardIds.length) throw new Error(`task moves: the board holds ${placed.length} card placements for ${cardIds.length} cards (${new Set(placed).size} distinct)`);
  const differing = watchers.filter((watcher) => layout(watcher) !== first).length;
  if (differing > 0) throw new Error(`task moves: ${differing} of ${watchers.length} watchers ended with another board than the first`);
  const extra = seen.reduce((n, times) => n + cardIds.filter((cardId) => (times.get(cardId)?.length ?? 0) !== (sentPerCard.get(cardId) ?? 0)).length, 0);
  if (extra > 0) throw new Error(`task moves: ${extra} (watcher, card) pairs saw another number of column changes than moves made`);
  const listed = await listAll(api, `projectId=${api.projectId}&boardId=${boardId}`);
  const columns = new Map(readBoard(watchers[0]!.doc).columns.flatMap((c) => c.cards.map((card) => [card.id, c.id] as const)));
  const wrong = listed.items.filter((task) => columns.get(task.cardId) !== task.columnId).length;
  if (listed.items.length !== cardIds.length || wrong > 0) throw new Error(`task moves: GET /api/tasks lists ${listed.items.length} tasks, ${wrong} in another column than the watchers show`);
}

export interface ListTiming {
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  requests: number;
}

export interface TaskListingResult {
  boards: number;
  cardsPerBoard: number;
  /** Seeding: boards over REST, then each board's cards as one update through the storage layer, then ANALYZE. */
  seedSeconds: number;
  /** Whether the PostgreSQL server runs autovacuum (if not, nothing but the bench's ANALYZE gives the planner statistics). */
  autovacuum: string;
  /** Query label → timings with no document loaded, and with every board open. */
  unloaded: Map<string, ListTiming>;
  loaded: Map<string, ListTiming>;
  /** Server RSS before and after opening every board (MiB): the documents really are in memory. */
  rssUnloadedMiB: number;
  rssLoadedMiB: number;
  openSeconds: number;
}

export const LIST_QUERIES = ['first page', 'filter by column', 'filter by text', 'deep page (cursor)'] as const;

/**
 * One board's cards as one Yjs update through the storage layer's single writer (`appendUpdates`,
 * what the collab server's group commit calls): the update, the client-id claim of the writer
 * (as the server's own) and the entries it changed, in one transaction. The board was created
 * over REST, so its seed is in the log; nothing of it is loaded in the server.
 */
async function seedBoard(db: import('../../platform/db/database.js').Database, name: string, board: number, cards: number): Promise<void> {
  const { appendUpdates, loadDocument } = await import('../../storage/document-log.js');
  const { SERVER_OWNER } = await import('../../storage/client-ids.js');
  const doc = new Y.Doc();
  const stored = await loadDocument(db, name);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.transact(() => {
    for (let i = 0; i < cards; i++) {
      // 1 card in 100 mentions the launch: the text filter's matches are spread over every board.
      const title = i % 100 === 7 ? `Launch checklist ${board}-${i}` : `Card ${board}-${i}: draft, review, publish`;
      addCard(doc, { id: `c${i}`, columnId: COLUMN_IDS[i % COLUMN_IDS.length]!, title, labels: i % 10 === 0 ? ['video'] : [], description: `Card ${i} of board ${board}` });
    }
  });
  if (updates.length !== 1) throw new Error(`seeding ${name}: expected one update, got ${updates.length}`);
  await appendUpdates(db, [{ name, update: updates[0]!, claims: [{ name, client: doc.clientID, owner: SERVER_OWNER, claimedAt: new Date() }], entries: allEntries(doc, kanbanModel) }]);
  doc.destroy();
}

/** `GET url` one request at a time for `seconds` (service latency, not queueing). */
async function timeGets(url: string, token: string, seconds: number): Promise<ListTiming> {
  const latencies: number[] = [];
  const started = now();
  const stopAt = started + seconds * 1000;
  while (now() < stopAt) {
    const sentAt = now();
    const reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await reply.arrayBuffer();
    if (reply.status !== 200) throw new Error(`GET ${url} answered ${reply.status}`);
    latencies.push(now() - sentAt);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100), perSecond: latencies.length / ((now() - started) / 1000), requests: latencies.length };
}

/**
 * Workload 9 (ours on PostgreSQL: the seed is written through the storage layer): `boards` boards
 * of `cardsPerBoard` cards in one project; `GET /api/tasks?projectId=…&limit=50` as a first page,
 * filtered by column, filtered by text and as a deep page (a cursor 90 % of the way through the
 * project), each for `seconds` with no document loaded, then again with a provider on every
 * board. Run it on a server of its own: "no document loaded" holds because nothing has opened
 * any board on it yet.
 *
 * After the seed the bench runs ANALYZE, as autovacuum would after a bulk load (the figures are
 * then those of a database with statistics, whether or not the server runs autovacuum). The
 * deep page's cursor is made with the server's own encoder from the row 90 % of the way through
 * (walking 1,800 pages to get it would take minutes while each page costs what it does now).
 */
export async function taskListing(target: RunningTarget, options: { boards: number; cardsPerBoard: number; seconds: number }): Promise<TaskListingResult> {
  if (!target.databaseUrl) throw new Error('the task listing workload needs our server on PostgreSQL (--postgres)');
  const api = apiOf(target);
  const { openDatabase } = await import('../../platform/db/open-database.js');
  const { silentLogger } = await import('../../test/helpers/logger.js');
  const db = await openDatabase({ kind: 'postgres', url: target.databaseUrl, poolMax: 4 }, silentLogger);
  let providers: Replica[] = [];
  try {
    const seedStart = now();
    const names: string[] = [];
    await inParallel(
      Array.from({ length: options.boards }, (_, i) => i),
      10,
      async (i) => void (names[i] = await target.newBoard(`list ${i}`)),
    );
    await inParallel(names, 4, (name, board) => seedBoard(db, name, board, options.cardsPerBoard));
    await db.query('ANALYZE');
    const seedSeconds = (now() - seedStart) / 1000;
    const autovacuum = (await db.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]!.autovacuum;
    const expected = options.boards * options.cardsPerBoard;
    const counted = await db.query<{ n: string }>("SELECT count(*) AS n FROM document_entries WHERE project_id = $1 AND collection = 'cards'", [api.projectId]);
    if (Number(counted.rows[0]!.n) !== expected) throw new Error(`seeded ${counted.rows[0]!.n} projected cards, expected ${expected}`);
    // One board through the cursor: each of its cards exactly once, with what was written.
    const oneBoard = await listAll(api, `projectId=${api.projectId}&boardId=${names[0]!.split(':')[2]}`);
    if (oneBoard.items.length !== options.cardsPerBoard || new Set(oneBoard.items.map((task) => task.cardId)).size !== options.cardsPerBoard) {
      throw new Error(`walking one board listed ${oneBoard.items.length} tasks (${new Set(oneBoard.items.map((task) => task.cardId)).size} distinct), expected ${options.cardsPerBoard}`);
    }

    const { encodeCursor } = await import('../../operations/pages.js');
    const at = await db.query<{ document_name: string; entry_id: string }>(
      "SELECT document_name, entry_id FROM document_entries WHERE project_id = $1 AND collection = 'cards' ORDER BY document_name, entry_id OFFSET $2 LIMIT 2",
      [api.projectId, Math.floor(expected * 0.9) - 1],
    );
    const deep = encodeCursor({ sortKey: null, documentName: at.rows[0]!.document_name, entryId: at.rows[0]!.entry_id });
    const firstAfter = at.rows[1]!;
    const base = `${api.origin}/api/tasks?projectId=${api.projectId}&limit=50`;
    const urls: Record<(typeof LIST_QUERIES)[number], string> = {
      'first page': base,
      'filter by column': `${base}&columnId=review`,
      'filter by text': `${base}&text=launch`,
      'deep page (cursor)': `${base}&cursor=${deep}`,
    };
    for (const [label, url] of Object.entries(urls)) {
      const reply = await fetch(url, { headers: { authorization: `Bearer ${api.token}` } });
      const page = (await reply.json()) as { data: { items: TaskRow[] } };
      if (reply.status !== 200 || page.data.items.length !== 50) throw new Error(`${label}: ${reply.status}, ${page.data?.items?.length} items (expected 50)`);
      if (url === urls['deep page (cursor)'] && page.data.items[0]!.id !== `${api.projectId}.${firstAfter.document_name.split(':')[2]}.${firstAfter.entry_id}`) {
        throw new Error(`the deep page starts at ${page.data.items[0]!.id}, not after the cursor's position`);
      }
    }
    const measure = async () => {
      const timings = new Map<string, ListTiming>();
      for (const [label, url] of Object.entries(urls)) {
        await timeGets(url, api.token, Math.min(1, options.seconds / 4)); // warm-up
        timings.set(label, await timeGets(url, api.token, options.seconds));
      }
      return timings;
    };
    const unloaded = await measure();
    const rssUnloadedMiB = target.rssMiB();

    const openStart = now();
    for (let i = 0; i < names.length; i += 10) providers.push(...(await Promise.all(names.slice(i, i + 10).map((name) => target.connect(name)))));
    const openSeconds = (now() - openStart) / 1000;
    const short = providers.filter((provider) => provider.doc.getMap('cards').size !== options.cardsPerBoard).length;
    if (short > 0) throw new Error(`${short} opened boards do not hold ${options.cardsPerBoard} cards`);
    await sleep(1_000);
    const rssLoadedMiB = target.rssMiB();
    const loaded = await measure();
    return { boards: options.boards, cardsPerBoard: options.cardsPerBoard, seedSeconds, autovacuum, unloaded, loaded, rssUnloadedMiB, rssLoadedMiB, openSeconds };
  } finally {
    providers.forEach((provider) => provider.destroy());
    providers = [];
    await db.close();
  }
}
