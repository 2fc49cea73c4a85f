import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

/** This process's cache: bounded by entries (least recently used go first), each with its own lifetime. */
export function createMemoryCache(options: { maxEntries?: number } = {}): Cache {
  const entries = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000 });
  return {
    kind: 'memory',
    async get(key) {
      return entries.get(key);
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async setIfAbsent(key, value, ttlSeconds) {
      const held = entries.get(key);
      if (held !== undefined) return held;
      entries.set(key, value, { ttl: ttlSeconds * 1000 });
      return value;
    },
    async close() {
      entries.clear();
    },
  };
}
