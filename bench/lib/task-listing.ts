/**
 * Workload 9 (ours on PostgreSQL only): `GET /api/tasks` over a project of many boards, with no
 * document loaded and with every board open: the list reads the projection, so both must cost
 * the same.
 */
import type { Replica, RunningTarget } from './targets.js';
import { type ListTiming, type TaskRow, apiOf, inParallel, listAll, timeGets } from './task-api.js';
import { now, sleep } from './clock.js';
import { seedBoard } from './task-seed.js';

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
