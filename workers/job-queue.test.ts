import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BACKENDS, migratedDatabase, type TestDatabase } from '../test/helpers/databases.js';
import { silentLogger } from '../test/helpers/logger.js';
import { type AnyJob, type JobDefinition, deadLetterOf } from './job.js';
import { JobQueue } from './job-queue.js';

const POLL = { timeout: 15_000, interval: 50 };

describe.each(BACKENDS)('the job queue (pg-boss): %s', (kind) => {
  let test: TestDatabase;
  let schema: string;
  const queues: JobQueue[] = [];
  beforeEach(async () => {
    test = await migratedDatabase(kind);
    schema = `jobs_${randomBytes(5).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop(2_000)));
    await test.cleanup();
  });

  function echo(handle: JobDefinition<{ value: string }>['handle'], limit = 2): JobDefinition<{ value: string }> {
    return { name: 'test.echo', payload: z.object({ value: z.string() }).strict(), retry: { limit, delaySeconds: 0, backoff: false }, handle };
  }

  async function queue(jobs: AnyJob[], work = true, options: { notify?: boolean; pollIntervalMs?: number; idlePollIntervalMs?: number } = {}): Promise<JobQueue> {
    const created = new JobQueue(test.db, silentLogger, { schema, maintain: true, retentionDays: 1, superviseIntervalSeconds: 5, notify: options.notify ?? true });
    queues.push(created);
    await created.start(jobs);
    if (work) await created.work(jobs, { concurrency: 2, pollIntervalMs: options.pollIntervalMs ?? 500, idlePollIntervalMs: options.idlePollIntervalMs ?? 10_000, batchSize: 4 });
    return created;
  }

  /** Waits until the workers' first fetches (made as they start) are over, so what follows waits for a wake-up or a poll. */
  const afterFirstFetch = () => new Promise((resolve) => setTimeout(resolve, 700));

  it('sends inside the caller’s transaction: a rollback leaves no job, a commit one', async () => {
    const seen: string[] = [];
    const job = echo(async ({ value }) => void seen.push(value));
    const jobs = await queue([job as AnyJob], false);
    await expect(
      test.db.transaction(async (tx) => {
        await jobs.send(job, { value: 'lost' }, { in: tx });
        throw new Error('the write that caused it failed');
      }),
    ).rejects.toThrow('failed');
    expect(await jobs.find(job.name)).toEqual([]);
    await test.db.transaction((tx) => jobs.send(job, { value: 'kept' }, { in: tx }));
    expect((await jobs.find(job.name)).map((j) => j.data)).toEqual([{ value: 'kept' }]);
    await expect(jobs.send(job, { value: 42 } as unknown as { value: string })).rejects.toThrow();
  });

  it('runs a job once, retries a failing one per its policy (alone, not the batch it came in), and moves one that keeps failing to its dead letters', async () => {
    const attempts = new Map<string, number>();
    const job = echo(async ({ value }) => {
      const n = (attempts.get(value) ?? 0) + 1;
      attempts.set(value, n);
      if (value === 'flaky' && n < 3) throw new Error(`attempt ${n} fails`);
      if (value === 'broken') throw new Error('always fails');
    }, 2);
    // All three are queued before any worker fetches, so they arrive as one batch.
    const jobs = await queue([job as AnyJob], false);
    await jobs.send(job, { value: 'fine' });
    await jobs.send(job, { value: 'flaky' });
    await jobs.send(job, { value: 'broken' });
    await jobs.work([job as AnyJob], { concurrency: 1, pollIntervalMs: 500, idlePollIntervalMs: 10_000, batchSize: 4 });
    await expect.poll(async () => (await jobs.find(deadLetterOf(job.name))).map((j) => j.data), POLL).toEqual([{ value: 'broken' }]);
    await expect.poll(async () => (await jobs.find(job.name)).filter((j) => j.state === 'completed').length, POLL).toBe(2);
    expect(Object.fromEntries(attempts)).toEqual({ fine: 1, flaky: 3, broken: 3 });
  });

  it('never hands one job to two workers', async () => {
    const runs = new Map<string, number>();
    const job = echo(async ({ value }) => {
      runs.set(value, (runs.get(value) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const first = await queue([job as AnyJob]);
    await queue([job as AnyJob]);
    for (let n = 0; n < 30; n++) await first.send(job, { value: `job-${n}` });
    await expect.poll(() => runs.size, POLL).toBe(30);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('sends a stored payload that no longer fits its schema to the dead letters without retrying it', async () => {
    let ran = 0;
    const strict = echo(async () => void ran++);
    const loose: JobDefinition<{ value: unknown }> = { ...strict, payload: z.object({ value: z.unknown() }), handle: async () => {} } as JobDefinition<{ value: unknown }>;
    const producer = await queue([strict as AnyJob], false);
    await producer.send(loose, { value: 7 });
    await queue([strict as AnyJob]);
    await expect.poll(async () => (await producer.find(deadLetterOf(strict.name))).map((j) => j.data), POLL).toEqual([{ value: 7 }]);
    expect(ran).toBe(0);
  });

  it('wakes a sleeping worker as soon as a job is queued, by this process or another, in a transaction or not', async () => {
    const seen: string[] = [];
    const job = echo(async ({ value }) => void seen.push(value));
    // Both polls far beyond the test's patience: only the announcement can wake the worker in time.
    await queue([job as AnyJob], true, { pollIntervalMs: 60_000, idlePollIntervalMs: 60_000 });
    const producer = await queue([job as AnyJob], false);
    await afterFirstFetch();
    await producer.send(job, { value: 'plain' });
    await expect.poll(() => [...seen], { timeout: 5_000, interval: 50 }).toEqual(['plain']);
    await test.db.transaction((tx) => producer.send(job, { value: 'in a transaction' }, { in: tx }));
    await expect.poll(() => [...seen], { timeout: 5_000, interval: 50 }).toEqual(['plain', 'in a transaction']);
    // "Start now", by our clock, in a transaction that began earlier (a delivery window of 0).
    await test.db.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await producer.send(job, { value: 'due now' }, { in: tx, startAfter: new Date() });
    });
    await expect.poll(() => [...seen], { timeout: 5_000, interval: 50 }).toEqual(['plain', 'in a transaction', 'due now']);
  });

  it('without announcements (WORKER_LISTEN_NOTIFY=false), a queued job waits for the next poll', async () => {
    const seen: string[] = [];
    const job = echo(async ({ value }) => void seen.push(value));
    const jobs = await queue([job as AnyJob], true, { notify: false, pollIntervalMs: 60_000, idlePollIntervalMs: 60_000 });
    await afterFirstFetch();
    await jobs.send(job, { value: 'unannounced' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(seen).toEqual([]);
    expect((await jobs.find(job.name)).map((j) => j.state)).toEqual(['created']);
  });

  it('wakes its worker when a delayed job or a retry it knows of comes due, long before the backstop poll', async () => {
    const runs: { value: string; at: number }[] = [];
    let failedOnce = false;
    const job: JobDefinition<{ value: string }> = {
      ...echo(async () => {}),
      retry: { limit: 2, delaySeconds: 1, backoff: true, maxDelaySeconds: 60 },
      handle: async ({ value }) => {
        runs.push({ value, at: Date.now() });
        if (value === 'flaky' && !failedOnce) {
          failedOnce = true;
          throw new Error('first attempt fails');
        }
      },
    };
    const jobs = await queue([job as AnyJob], true, { pollIntervalMs: 500, idlePollIntervalMs: 60_000 });
    await afterFirstFetch();
    const sentAt = Date.now();
    await jobs.send(job, { value: 'delayed' }, { startAfter: new Date(sentAt + 1_500) });
    await jobs.send(job, { value: 'flaky' });
    await expect.poll(() => runs.map((run) => run.value).sort(), { timeout: 10_000, interval: 50 }).toEqual(['delayed', 'flaky', 'flaky']);
    const delayed = runs.find((run) => run.value === 'delayed')!;
    expect(delayed.at - sentAt).toBeGreaterThanOrEqual(1_400);
    // The first retry comes 1–2 s after the failure (backoff with jitter).
    const [first, retry] = runs.filter((run) => run.value === 'flaky');
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  // PGlite is in-process: it has no connection to lose.
  if (kind === 'postgres') {
    it('a worker whose listening connection is cut reconnects, and fetches what was queued meanwhile', async () => {
      const seen: string[] = [];
      const job = echo(async ({ value }) => void seen.push(value));
      await queue([job as AnyJob], true, { pollIntervalMs: 60_000, idlePollIntervalMs: 60_000 });
      const producer = await queue([job as AnyJob], false);
      await afterFirstFetch();
      const cut = await test.db.query<{ pid: number }>(
        `SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query LIKE 'LISTEN%' OR query LIKE '%pg_listening_channels%')`,
      );
      expect(cut.rows.length).toBeGreaterThan(0);
      await producer.send(job, { value: 'queued while cut' });
      await expect.poll(() => [...seen], { timeout: 10_000, interval: 50 }).toEqual(['queued while cut']);
    });
  }
});
