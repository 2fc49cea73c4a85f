import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../../platform/cache/memory-cache.js';
import { ARBITER_ANSWER_MS, arbitrate, cacheArbiter } from './client-id-arbiter.js';

describe('the client-id arbiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives an id to whoever asks first, per document, and says so to everyone after', async () => {
    const arbiter = cacheArbiter(createMemoryCache());
    expect(await arbiter('kanban:p:b', 7, 'user:ada')).toBe('user:ada');
    expect(await arbiter('kanban:p:b', 7, 'user:eve')).toBe('user:ada');
    expect(await arbiter('kanban:p:b', 8, 'user:eve')).toBe('user:eve');
    expect(await arbiter('kanban:p:other', 7, 'user:eve')).toBe('user:eve');
  });

  it('decides for the asker when no answer comes in time', async () => {
    vi.useFakeTimers();
    const decided = arbitrate(() => new Promise<string>(() => {}), 'kanban:p:b', 7, 'user:ada');
    await vi.advanceTimersByTimeAsync(ARBITER_ANSWER_MS);
    expect(await decided).toBe('user:ada');
  });
});
