/**
 * A small shared key/value cache: in this process's memory by default, in Redis when REDIS_URL is
 * set (so every instance sees one cache and one invalidation). A cache never decides an answer:
 * when it fails, callers compute as if it were empty, and the failure is logged.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Stores `value` only when `key` holds nothing; answers what `key` holds afterwards (ours or the earlier one). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<string>;
  close(): Promise<void>;
}
