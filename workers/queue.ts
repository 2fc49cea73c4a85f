import type { Queryable } from '../platform/db/database.js';
import type { JobDefinition } from './job.js';

export interface EnqueueOptions {
  /** A second enqueue of the same job name and key does nothing and returns the first job's id. */
  idempotencyKey?: string;
  runAt?: Date;
}

export interface EnqueueResult {
  id: string;
  created: boolean;
}

/**
 * Adds a job through `executor`: pass the caller's transaction so the job exists exactly
 * when the write that caused it commits.
 */
export async function enqueue<Payload>(
  executor: Queryable,
  job: JobDefinition<Payload>,
  payload: Payload,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const valid = job.payload.parse(payload);
  const inserted = await executor.query<{ id: string }>(
    `INSERT INTO jobs (name, payload, idempotency_key, max_attempts, run_at)
     VALUES ($1, $2, $3, $4, coalesce($5, now()))
     ON CONFLICT (name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [job.name, JSON.stringify(valid ?? {}), options.idempotencyKey ?? null, job.maxAttempts, options.runAt ?? null],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await executor.query<{ id: string }>('SELECT id FROM jobs WHERE name = $1 AND idempotency_key = $2', [
    job.name,
    options.idempotencyKey,
  ]);
  return { id: existing.rows[0]!.id, created: false };
}

export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/** Takes up to `limit` due jobs, including ones whose previous worker's lease ran out (it crashed). */
export async function claimDueJobs(executor: Queryable, names: string[], limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  await executor.query(
    `UPDATE jobs SET status = 'failed', finished_at = now(), locked_until = NULL,
       last_error = coalesce(last_error, 'the worker running the final attempt stopped before finishing')
     WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts`,
  );
  const result = await executor.query<{ id: string; name: string; payload: unknown; attempts: number; max_attempts: number }>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => $3::double precision / 1000)
     WHERE id IN (
       SELECT id FROM jobs
       WHERE name = ANY($1::text[])
         AND ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now() AND attempts < max_attempts))
       ORDER BY run_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED)
     RETURNING id, name, payload, attempts, max_attempts`,
    [names, limit, leaseMs],
  );
  return result.rows.map((row) => ({ id: row.id, name: row.name, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts }));
}

export async function markJobDone(executor: Queryable, id: string): Promise<void> {
  await executor.query(
    `UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1 AND status = 'running'`,
    [id],
  );
}

/** Schedules a retry after `retryInMs`, or fails the job for good when `retryInMs` is null. */
export async function markJobFailed(executor: Queryable, id: string, error: string, retryInMs: number | null): Promise<void> {
  if (retryInMs === null) {
    await executor.query(
      `UPDATE jobs SET status = 'failed', finished_at = now(), locked_until = NULL, last_error = $2 WHERE id = $1 AND status = 'running'`,
      [id, error],
    );
    return;
  }
  await executor.query(
    `UPDATE jobs SET status = 'queued', locked_until = NULL, last_error = $2,
       run_at = now() + make_interval(secs => $3::double precision / 1000)
     WHERE id = $1 AND status = 'running'`,
    [id, error, retryInMs],
  );
}
