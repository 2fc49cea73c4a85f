import { createHash, randomUUID } from 'node:crypto';
import type { Cache } from '../../platform/cache/cache.js';

/**
 * Dashboards' aggregates per project, cached for `ttlSeconds` and dropped at once when something
 * that changes them is written (new rollups, an import, a vote). Invalidation is one write
 * whatever the number of cached answers: every key carries the project's current generation, and
 * invalidating gives the project a new one, so older answers are never read again and expire on
 * their own. A generation that went missing (evicted, Redis restarted) is replaced by a fresh one,
 * never by an old value, so a lost generation can only cause misses, not stale answers.
 */
export interface DashboardCache {
  readonly cache: Cache;
  readonly ttlSeconds: number;
}

/** A generation lives longer than any answer cached under it. */
const generationTtl = (ttlSeconds: number) => Math.max(ttlSeconds * 4, 3_600);
const generationKey = (projectId: string) => `dashboard:generation:${projectId}`;

async function generationOf(cache: DashboardCache, projectId: string): Promise<string> {
  const held = await cache.cache.get(generationKey(projectId));
  return held ?? cache.cache.setIfAbsent(generationKey(projectId), randomUUID(), generationTtl(cache.ttlSeconds));
}

/** Whether the answer came from the cache: REST says so in `X-Cache`. */
export type CacheUse = 'hit' | 'miss' | 'off';

/**
 * `compute`'s answer for `view` of the project with these inputs, from the cache when it holds
 * one. Callers check access first: an answer is shared by every member who may read the project.
 * Answers are JSON (dates as strings); `undefined` from `compute` (a refusal) is not kept.
 */
export async function cachedView<T>(cache: DashboardCache | undefined, projectId: string, view: string, inputs: unknown, compute: () => Promise<T | undefined>): Promise<{ value: T | undefined; cache: CacheUse }> {
  if (!cache || cache.ttlSeconds === 0) return { value: await compute(), cache: 'off' };
  const digest = createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
  const key = `dashboard:${projectId}:${await generationOf(cache, projectId)}:${view}:${digest}`;
  const held = await cache.cache.get(key);
  if (held !== undefined) return { value: JSON.parse(held) as T, cache: 'hit' };
  const value = await compute();
  if (value !== undefined) await cache.cache.set(key, JSON.stringify(value), cache.ttlSeconds);
  return { value, cache: 'miss' };
}

/** Drops every cached answer of these projects (one write each). */
export async function invalidateDashboards(cache: DashboardCache | undefined, projectIds: Iterable<string>): Promise<void> {
  if (!cache || cache.ttlSeconds === 0) return;
  for (const projectId of new Set(projectIds)) await cache.cache.set(generationKey(projectId), randomUUID(), generationTtl(cache.ttlSeconds));
}
