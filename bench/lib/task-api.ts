/**
 * What workloads 8 and 9 share: a small REST client for `/api/tasks` (our server only), paging
 * and timing helpers, and the board's column ids.
 */
import { DEFAULT_COLUMNS } from '../../documents/kanban/model.js';
import { percentile } from './stats.js';
import type { RunningTarget } from './targets.js';
import { now } from './clock.js';

export const COLUMN_IDS = DEFAULT_COLUMNS.map((column) => column.id);

export interface Api {
  origin: string;
  projectId: string;
  token: string;
  get<T>(path: string): Promise<{ status: number; body: { data: T; error?: { code: string; message: string } } }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: { data: T; error?: { code: string; message: string } } }>;
}

export function apiOf(target: RunningTarget): Api {
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
export async function inParallel<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
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

export interface TaskRow {
  id: string;
  cardId: string;
  columnId: string;
  boardId: string;
}

/** Every task of a board (or project) through the cursor, 200 a page. */
export async function listAll(api: Api, query: string): Promise<{ items: TaskRow[]; pages: number; cursors: string[] }> {
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

export interface ListTiming {
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  requests: number;
}

/** `GET url` one request at a time for `seconds` (service latency, not queueing). */
export async function timeGets(url: string, token: string, seconds: number): Promise<ListTiming> {
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
