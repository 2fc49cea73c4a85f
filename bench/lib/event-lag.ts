/**
 * Workload 10 (ours on PostgreSQL only: it reads the deliveries table; issue 11): the change feed
 * end to end. Providers move cards at a steady open-loop rate (1,000 moves a second by default);
 * every move is an event; a Discord integration points at a local fake Discord. Reported: commit →
 * message at the fake (p50/p99/max, every move), messages per second, and how long the last
 * deliveries took to drain after the moves stopped.
 */
import pg from 'pg';
import { moveCard, addCard } from '../../documents/kanban/board.js';
import { DEFAULT_COLUMNS } from '../../documents/kanban/model.js';
import { startFakeDiscord } from '../../test/helpers/fake-discord.js';
import { percentile } from './stats.js';
import type { RunningTarget } from './targets.js';
import { connectAll, waitFor } from './workloads.js';
import { processCpuSeconds } from './cpu-usage.js';
import { now, sleep } from './clock.js';

const COLUMN_IDS = DEFAULT_COLUMNS.map((column) => column.id);

/** What the server runs with for this workload: the fake Discord listens on 127.0.0.1 over http. */
export const EVENT_LAG_ENV = { INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true', PUBLIC_URL: 'http://studio.bench' };

export interface EventLagResult {
  rate: number;
  writers: number;
  /** Moves the writers made in the window. */
  moves: number;
  /** `task.moved` events committed (one per move). */
  events: number;
  /** Of those, delivered to the fake by the end of the drain. */
  delivered: number;
  messages: number;
  /** Messages ÷ (last message − first move). */
  messagesPerSecond: number;
  eventsPerMessageMax: number;
  /** Commit (the event's transaction time) → the message carrying it reached the fake, ms. */
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** Commit → its delivery planned (the fan-out job ran), ms: the part of the lag before any send. */
  plannedP50: number;
  plannedP99: number;
  /** Lag of the events committed in the first and in the last second of the window (p50, ms): a backlog shows as growth. */
  lagFirstSecondP50: number;
  lagLastSecondP50: number;
  /** Last move → last message, ms. */
  drainMs: number;
  /** Requests the fake answered other than 200 (none expected). */
  refused: number;
  serverCpu: number;
  generatorCpu: number;
}

export async function eventLag(target: RunningTarget, options: { rate: number; seconds: number; writers: number; drainTimeoutMs: number }): Promise<EventLagResult> {
  if (!target.databaseUrl || !target.projectId || !target.origin || !target.accessToken) throw new Error('the event-lag workload needs our server on PostgreSQL');
  const discord = await startFakeDiscord();
  const db = new pg.Client({ connectionString: target.databaseUrl });
  await db.connect();
  const name = await target.newBoard('event lag');
  const writers = await connectAll(target, name, options.writers);
  try {
    await waitFor(() => writers.every((writer) => writer.doc.getMap('columns').has('todo')), 30_000, 'the board to sync');
    // Each writer moves its own cards, one a second each at the full rate, so no two moves of a card overlap.
    const perWriter = Math.max(1, Math.ceil(options.rate / options.writers));
    const cards = writers.map((writer, w) => {
      const ids = Array.from({ length: perWriter }, (_, k) => `w${w}c${k}`);
      writer.doc.transact(() => ids.forEach((id, k) => addCard(writer.doc, { id, columnId: COLUMN_IDS[0]!, title: `Writer ${w} card ${k}` })));
      return ids;
    });
    const total = perWriter * writers.length;
    await waitFor(() => writers.every((writer) => writer.doc.getMap('cards').size === total), 30_000, 'every writer to have every card');
    // Created and committed before any move (a card made and moved in one commit is one creation).
    const projected = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM document_entries WHERE document_name = $1 AND collection = 'cards'`, [name])).rows[0]!.n);
    for (let i = 0; i < 300 && (await projected()) < total; i++) await sleep(100);
    const integration = await fetch(`${target.origin}/api/projects/${target.projectId}/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'discord', name: 'bench', secret: discord.webhookUrl(), eventTypes: ['task.moved'] }),
    });
    if (integration.status !== 201) throw new Error(`could not create the Discord integration: ${integration.status} ${await integration.text()}`);

    const column = new Map<string, number>();
    const cpu = process.cpuUsage();
    const serverCpuBefore = processCpuSeconds(target.pid);
    const started = now();
    const stopAt = started + options.seconds * 1000;
    const interval = 1000 / options.rate;
    let moves = 0;
    // Open loop: the n-th move is due at started + n × interval, whatever the writers' pace; each is its own transaction (update).
    while (now() < stopAt) {
      const due = Math.min(Math.floor((now() - started) / interval) + 1, Math.floor(options.seconds * options.rate));
      for (; moves < due; moves++) {
        const w = moves % writers.length;
        const ids = cards[w]!;
        const cardId = ids[Math.floor(moves / writers.length) % ids.length]!;
        const next = ((column.get(cardId) ?? 0) + 1) % COLUMN_IDS.length;
        column.set(cardId, next);
        moveCard(writers[w]!.doc, cardId, COLUMN_IDS[next]!);
      }
      await sleep(5);
    }
    const lastMove = now();
    const used = process.cpuUsage(cpu);
    const generatorCpu = ((used.user + used.system) / 1000 / (lastMove - started)) * 100;

    const counts = async () =>
      (
        await db.query<{ events: string; delivered: string }>(
          `SELECT count(*) AS events, count(*) FILTER (WHERE d.status = 'delivered') AS delivered
           FROM document_events e LEFT JOIN deliveries d ON d.event_id = e.id AND d.channel = 'discord'
           WHERE e.document_name = $1 AND e.type = 'task.moved'`,
          [name],
        )
      ).rows[0]!;
    const drainUntil = now() + options.drainTimeoutMs;
    let state = await counts();
    while (now() < drainUntil && !(Number(state.events) >= moves && Number(state.delivered) >= Number(state.events))) {
      await sleep(250);
      state = await counts();
    }
    const serverCpu = ((processCpuSeconds(target.pid) - serverCpuBefore) * 100_000) / (now() - started);

    const arrived = new Map(discord.messages.map((message) => [message.id, message.at]));
    const { rows } = await db.query<{ at: number; planned: number; ref: string }>(
      `SELECT extract(epoch FROM e.occurred_at) * 1000 AS at, extract(epoch FROM d.created_at - e.occurred_at) * 1000 AS planned, d.external_ref AS ref
       FROM deliveries d JOIN document_events e ON e.id = d.event_id
       WHERE e.document_name = $1 AND d.channel = 'discord' AND d.status = 'delivered'`,
      [name],
    );
    const lags = rows.map((row) => ({ committedAt: Number(row.at), lag: (arrived.get(row.ref) ?? Number.NaN) - Number(row.at) })).filter((entry) => Number.isFinite(entry.lag));
    const firstCommit = Math.min(...lags.map((entry) => entry.committedAt));
    const lastCommit = Math.max(...lags.map((entry) => entry.committedAt));
    const inSecond = (from: number) => lags.filter((entry) => entry.committedAt >= from && entry.committedAt < from + 1_000).map((entry) => entry.lag);
    const perMessage = new Map<string, number>();
    for (const row of rows) perMessage.set(row.ref, (perMessage.get(row.ref) ?? 0) + 1);
    const lastMessage = discord.messages.at(-1)?.at ?? Number.NaN;
    const all = lags.map((entry) => entry.lag);
    const planned = rows.map((row) => Number(row.planned));
    return {
      rate: options.rate,
      writers: options.writers,
      moves,
      events: Number(state.events),
      delivered: Number(state.delivered),
      messages: discord.messages.length,
      messagesPerSecond: discord.messages.length / ((lastMessage - started) / 1000),
      eventsPerMessageMax: Math.max(0, ...perMessage.values()),
      lagP50: percentile(all, 50),
      lagP99: percentile(all, 99),
      lagMax: Math.max(...all),
      plannedP50: percentile(planned, 50),
      plannedP99: percentile(planned, 99),
      lagFirstSecondP50: percentile(inSecond(firstCommit), 50),
      lagLastSecondP50: percentile(inSecond(lastCommit - 1_000), 50),
      drainMs: lastMessage - lastMove,
      refused: discord.requests.filter((request) => request.status !== 200).length,
      serverCpu,
      generatorCpu,
    };
  } finally {
    writers.forEach((writer) => writer.destroy());
    await db.end();
    await discord.close();
  }
}
