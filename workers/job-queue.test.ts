import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate } from '../platform/db/migrate.js';
import { BACKENDS, freshDatabase, type TestDatabase } from '../test/helpers/databases.js';
import { silentLogger } from '../test/helpers/logger.js';
import { type AnyJob, type JobDefinition, deadLetterOf } from './job.js';
import { JobQueue } from './job-queue.js';

const POLL = { timeout: 15_000, interval: 50 };

describe.each(BACKENDS)('the job queue (pg-boss): %s', (kind) => {
  let test: TestDatabase;
  let schema: string;
  const queues: JobQueue[] = [];
  beforeEach(async () => {
    test = await freshDatabase(kind);
    await migrate(test.db);
    schema = `jobs_${randomBytes(5).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop(2_000)));
    await test.cleanup();
  });

  function echo(handle: JobDefinition<{ value: string }>['handle'], limit = 2): JobDefinition<{ value: string }> {
    return { name: 'test.echo', payload: z.object({ value: z.string() }).strict(), retry: { limit, delaySeconds: 0, backoff: false }, handle };
  }

  async function queue(jobs: AnyJob[], work = true): Promise<JobQueue> {
    const created = new JobQueue(test.db, silentLogger, { schema, maintain: true, retentionDays: 1, superviseIntervalSeconds: 5 });
    queues.push(created);
    await created.start(jobs);
    if (work) await created.work(jobs, { concurrency: 2, pollIntervalMs: 500, batchSize: 4 });
    return created;
  }

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
    await jobs.work([job as AnyJob], { concurrency: 1, pollIntervalMs: 500, batchSize: 4 });
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
});
