import { describe, expect, it } from 'vitest';
import { FirstSyncHerds } from './first-sync-herds.js';

const DOC = 'kanban:p:d';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A write that completes when told to. */
function write(): { written: Promise<void>; done: () => void } {
  let done: () => void = () => undefined;
  const written = new Promise<void>((resolve) => (done = resolve));
  return { written, done };
}

/** Whether `promise` has settled by now (after pending callbacks run). */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await sleep(5);
  return settled;
}

describe('the herd a document load waits for', () => {
  it('is nobody when nobody opened the document from its read', async () => {
    const herds = new FirstSyncHerds();
    const started = performance.now();
    await herds.settled(DOC, 1_000);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('waits for a client still being authenticated, then for what it is sent to be written out', async () => {
    const herds = new FirstSyncHerds();
    const first = write();
    herds.delivering(DOC, first.written);
    const authenticated = herds.expect(DOC);
    const settled = herds.settled(DOC, 5_000);
    first.done();
    expect(await hasSettled(settled)).toBe(false);
    const second = write();
    herds.delivering(DOC, second.written);
    authenticated();
    expect(await hasSettled(settled)).toBe(false);
    second.done();
    expect(await hasSettled(settled)).toBe(true);
  });

  it('counts each client once, however often it says it is done', async () => {
    const herds = new FirstSyncHerds();
    const one = herds.expect(DOC);
    const other = herds.expect(DOC);
    const settled = herds.settled(DOC, 5_000);
    one();
    one();
    expect(await hasSettled(settled)).toBe(false);
    other();
    expect(await hasSettled(settled)).toBe(true);
  });

  it('keeps documents apart', async () => {
    const herds = new FirstSyncHerds();
    herds.expect('kanban:p:other');
    expect(await hasSettled(herds.settled(DOC, 5_000))).toBe(true);
  });

  it('waits no longer than its bound for a client that never finishes', async () => {
    const herds = new FirstSyncHerds();
    herds.expect(DOC);
    herds.delivering(DOC, new Promise<void>(() => undefined));
    const started = performance.now();
    await herds.settled(DOC, 60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('forgets what was begun once the document is loaded or unloaded', async () => {
    const herds = new FirstSyncHerds();
    herds.delivering(DOC, new Promise<void>(() => undefined));
    herds.forget(DOC);
    expect(await hasSettled(herds.settled(DOC, 5_000))).toBe(true);
  });
});
