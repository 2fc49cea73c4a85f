/**
 * Workload 8 (ours only: the baselines have no REST API): task moves on one board while
 * providers watch it: moves/s at a fixed concurrency, REST latency, and the time until every
 * watcher saw each move.
 */
import * as Y from 'yjs';
import { readBoard } from '../../documents/kanban/board.js';
import { percentile } from './stats.js';
import type { Replica, RunningTarget } from './targets.js';
import { type Api, COLUMN_IDS, type TaskRow, apiOf, inParallel, listAll, timeGets } from './task-api.js';
import { now, sleep } from './clock.js';
import { connectAll, waitFor } from './workloads.js';
import { cpuPercent, processCpuSeconds } from './cpu-usage.js';

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
