import { describe, expect, it } from 'vitest';
import { AccessEvents } from '../identity/membership-events.js';
import { AccessCache } from './access-cache.js';

/** A read that answers when told to, counting how often it was started. */
function controlledRead<T>() {
  let started = 0;
  const waiting: { resolve(value: T): void; reject(error: Error): void }[] = [];
  const read = () => {
    started++;
    return new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return { read, started: () => started, answer: (value: T) => waiting.shift()!.resolve(value), fail: (error: Error) => waiting.shift()!.reject(error) };
}

const ARCHIVED = { type: 'documentArchived', projectId: 'p', documentName: 'kanban:p:d' } as const;

describe('AccessCache', () => {
  it('checks of one key made while it is being read share that read, and the answer is kept', async () => {
    const results: string[] = [];
    const cache = new AccessCache(new AccessEvents(), (result) => results.push(result));
    const source = controlledRead<string>();
    const herd = Array.from({ length: 20 }, () => cache.get('document:kanban:p:d', source.read));
    expect(source.started()).toBe(1);
    source.answer('open');
    expect(await Promise.all(herd)).toEqual(Array(20).fill('open'));
    expect(await cache.get('document:kanban:p:d', source.read)).toBe('open');
    expect(source.started()).toBe(1);
    expect(results.filter((result) => result === 'miss')).toHaveLength(1);
  });

  it('a check made after an access event does not join a read begun before it, and that read is not kept', async () => {
    const events = new AccessEvents();
    const cache = new AccessCache(events);
    const source = controlledRead<string>();
    const before = cache.get('role:user:u:p', source.read);
    events.emit(ARCHIVED);
    const after = cache.get('role:user:u:p', source.read);
    expect(source.started()).toBe(2);
    source.answer('editor');
    source.answer('viewer');
    expect(await before).toBe('editor');
    expect(await after).toBe('viewer');
    expect(await cache.get('role:user:u:p', source.read)).toBe('viewer');
    expect(source.started()).toBe(2);
  });

  it('a failed read fails everyone sharing it, and the next check reads again', async () => {
    const cache = new AccessCache(new AccessEvents());
    const source = controlledRead<string>();
    const sharing = [cache.get('role:user:u:p', source.read), cache.get('role:user:u:p', source.read)];
    source.fail(new Error('database away'));
    for (const check of sharing) await expect(check).rejects.toThrow('database away');
    const again = cache.get('role:user:u:p', source.read);
    expect(source.started()).toBe(2);
    source.answer('editor');
    expect(await again).toBe('editor');
  });
});
