import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate } from '../platform/db/migrate.js';
import { BACKENDS, freshDatabase, type TestDatabase } from '../test/helpers/databases.js';
import { silentLogger } from '../test/helpers/logger.js';
import { registerJob, type JobDefinition } from './job.js';
import { pruneFinishedJobs } from './jobs/prune-finished-jobs.js';
import { claimDueJobs, enqueue } from './queue.js';
import { JobRunner } from './runner.js';

interface JobRow {
  status: string;
  attempts: number;
  last_error: string | null;
}

describe.each(BACKENDS)('job queue and runner: %s', (kind) => {
  let test: TestDatabase;
  const runners: JobRunner[] = [];
  beforeEach(async () => {
    test = await freshDatabase(kind);
    await migrate(test.db);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await test.cleanup();
  });

  function echoJob(handle: JobDefinition<{ value: string }>['handle'], maxAttempts = 3): JobDefinition<{ value: string }> {
    return { name: 'test.echo', payload: z.object({ value: z.string() }), maxAttempts, backoffMs: () => 0, handle };
  }

  function runner(job: JobDefinition<{ value: string }>): JobRunner {
    const created = new JobRunner({ db: test.db, logger: silentLogger, jobs: [registerJob(job)], concurrency: 2, pollIntervalMs: 10_000 });
    runners.push(created);
    return created;
  }

  async function row(id: string): Promise<JobRow> {
    const { rows } = await test.db.query<JobRow>('SELECT status, attempts, last_error FROM jobs WHERE id = $1', [id]);
    return rows[0]!;
  }

  it('enqueues with the caller’s transaction: a rollback leaves no job', async () => {
    const job = echoJob(async () => {});
    await expect(
      test.db.transaction(async (tx) => {
        await enqueue(tx, job, { value: 'lost' });
        throw new Error('the write that caused it failed');
      }),
    ).rejects.toThrow();
    const { rows } = await test.db.query('SELECT * FROM jobs');
    expect(rows).toEqual([]);
  });

  it('refuses a payload that does not match the job’s schema at enqueue', async () => {
    const job = echoJob(async () => {});
    await expect(enqueue(test.db, job, { value: 42 } as unknown as { value: string })).rejects.toThrow();
  });

  it('enqueues once per idempotency key', async () => {
    const job = echoJob(async () => {});
    const first = await enqueue(test.db, job, { value: 'a' }, { idempotencyKey: 'card-7-moved' });
    const second = await enqueue(test.db, job, { value: 'b' }, { idempotencyKey: 'card-7-moved' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
  });

  it('runs a due job once and marks it done', async () => {
    const seen: string[] = [];
    const job = echoJob(async ({ value }) => {
      seen.push(value);
    });
    const { id } = await enqueue(test.db, job, { value: 'hello' });
    const jobs = runner(job);
    expect(await jobs.pollOnce()).toBe(1);
    await jobs.drain();
    expect(seen).toEqual(['hello']);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await jobs.pollOnce()).toBe(0);
  });

  it('does not run a job before its run_at', async () => {
    const job = echoJob(async () => {});
    await enqueue(test.db, job, { value: 'later' }, { runAt: new Date(Date.now() + 60_000) });
    expect(await runner(job).pollOnce()).toBe(0);
  });

  it('retries a failing job and records the error, then succeeds', async () => {
    let calls = 0;
    const job = echoJob(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`flaky ${calls}`);
    });
    const { id } = await enqueue(test.db, job, { value: 'x' });
    const jobs = runner(job);
    await jobs.pollOnce();
    await jobs.drain();
    expect(await row(id)).toEqual({ status: 'queued', attempts: 1, last_error: 'flaky 1' });
    await jobs.pollOnce();
    await jobs.drain();
    await jobs.pollOnce();
    await jobs.drain();
    expect(await row(id)).toEqual({ status: 'done', attempts: 3, last_error: null });
  });

  it('fails a job for good after its last attempt', async () => {
    const job = echoJob(async () => {
      throw new Error('always');
    }, 2);
    const { id } = await enqueue(test.db, job, { value: 'x' });
    const jobs = runner(job);
    for (let i = 0; i < 3; i++) {
      await jobs.pollOnce();
      await jobs.drain();
    }
    expect(await row(id)).toEqual({ status: 'failed', attempts: 2, last_error: 'always' });
  });

  it('fails a job whose stored payload is invalid without retrying it', async () => {
    const job = echoJob(async () => {});
    const { rows } = await test.db.query<{ id: string }>(`INSERT INTO jobs (name, payload) VALUES ('test.echo', '{"value": 1}') RETURNING id`);
    const jobs = runner(job);
    await jobs.pollOnce();
    await jobs.drain();
    const stored = await row(rows[0]!.id);
    expect(stored.status).toBe('failed');
    expect(stored.last_error).toContain('payload of job test.echo is invalid');
  });

  it('takes back a job whose worker died (lease expired) and fails one that died on its last attempt', async () => {
    const job = echoJob(async () => {}, 2);
    const { id } = await enqueue(test.db, job, { value: 'x' });
    // A worker claims it with a tiny lease and "dies" without finishing.
    expect(await claimDueJobs(test.db, ['test.echo'], 1, 1)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reclaimed = await claimDueJobs(test.db, ['test.echo'], 1, 1);
    expect(reclaimed.map((j) => j.id)).toEqual([id]);
    expect(reclaimed[0]!.attempts).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await claimDueJobs(test.db, ['test.echo'], 1, 60_000)).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('never hands one job to two workers at once', async () => {
    const job = echoJob(async () => {});
    for (let i = 0; i < 10; i++) await enqueue(test.db, job, { value: String(i) });
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueJobs(test.db, ['test.echo'], 5, 60_000)));
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('finishes the job in flight when stopped', async () => {
    let release!: () => void;
    const finished: string[] = [];
    const job = echoJob(async ({ value }) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      finished.push(value);
    });
    const { id } = await enqueue(test.db, job, { value: 'slow' });
    const jobs = runner(job);
    await jobs.pollOnce();
    const stopped = jobs.stop();
    setTimeout(() => release(), 50);
    await stopped;
    expect(finished).toEqual(['slow']);
    expect((await row(id)).status).toBe('done');
  });

  it('runs recurring jobs once per period, whatever the number of workers', async () => {
    const prune = pruneFinishedJobs(7);
    const make = () =>
      new JobRunner({ db: test.db, logger: silentLogger, jobs: [registerJob(prune)], recurring: [{ job: prune, everyMs: 3_600_000 }], concurrency: 1, pollIntervalMs: 10 });
    const a = make();
    const b = make();
    runners.push(a, b);
    a.start();
    b.start();
    await expect.poll(async () => (await test.db.query("SELECT status FROM jobs WHERE name = 'maintenance.prune-finished-jobs'")).rows).toEqual([
      { status: 'done' },
    ]);
  });

  it('prunes finished jobs older than the retention period and keeps the rest', async () => {
    await test.db.query(`INSERT INTO jobs (name, status, finished_at) VALUES
      ('old.done', 'done', now() - interval '8 days'),
      ('old.failed', 'failed', now() - interval '8 days'),
      ('recent.done', 'done', now() - interval '1 day'),
      ('old.queued', 'queued', NULL)`);
    await pruneFinishedJobs(7).handle({}, { db: test.db, logger: silentLogger, jobId: '0', attempt: 1 });
    const { rows } = await test.db.query<{ name: string }>('SELECT name FROM jobs ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(['old.queued', 'recent.done']);
  });
});
