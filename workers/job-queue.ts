import { type Db, PgBoss, fromPglite } from 'pg-boss';
import type { Database, Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { type AnyJob, InvalidJobPayloadError, type JobDefinition, deadLetterOf } from './job.js';
import { JobWakeups, retryWindowSeconds } from './job-wakeups.js';

export interface JobQueueOptions {
  /** The PostgreSQL schema pg-boss keeps its tables in. */
  schema: string;
  /** Whether this process runs maintenance and the recurring schedule (the worker role). */
  maintain: boolean;
  /** Days finished jobs are kept. */
  retentionDays: number;
  /** How often the maintaining process fails jobs whose worker died (missed heartbeats, expired runs). */
  superviseIntervalSeconds: number;
  /**
   * Queues announce each job as it is queued (PostgreSQL NOTIFY, sent when the job's transaction
   * commits), and a process that works jobs listens, so its workers wake at once instead of
   * polling. Off: workers find jobs by polling alone (for a connection pooler that cannot LISTEN).
   */
  notify: boolean;
  /** Counts each run's outcome per job (the worker role's metrics). */
  metrics?: Metrics;
}

export interface SendOptions {
  /** The caller's transaction: the job exists exactly when the write that caused it commits. */
  in?: Queryable;
  /** At most one queued job per key (pg-boss's singleton key). */
  singletonKey?: string;
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
}

export interface WorkOptions {
  concurrency: number;
  /** How often a worker polls when nothing announces jobs (notify off), and while a job it knows of is coming due. */
  pollIntervalMs: number;
  /** With notify: how often a worker polls anyway, for jobs nobody announced (delayed or retried by another process). Never below `pollIntervalMs`. */
  idlePollIntervalMs: number;
  /** Jobs taken per fetch; while fetches come back full the worker fetches again at once. */
  batchSize: number;
}

type Settled = { id: string; status: 'completed' } | { id: string; status: 'failed' | 'deadletter'; output: { message: string } };

/** pg-boss statements run inside our own transaction (`send(…, { in: tx })`). */
function inTransaction(tx: Queryable): Db {
  return { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await tx.query(text, values)).rows }) };
}

/**
 * The job queue: pg-boss on the same database (the embedded PGlite instance itself, or the
 * PostgreSQL server through pg-boss's own small pool). Jobs are declared with a zod payload and a
 * retry policy; each gets a queue and a dead-letter queue for what fails for good. Delivery is at
 * least once: handlers must be safe to run twice.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly declared = new Set<string>();
  private wakeups: JobWakeups | undefined;

  constructor(
    db: Database,
    private readonly logger: Logger,
    private readonly options: JobQueueOptions,
  ) {
    const connection = db.connection;
    // pg-boss finds jobs whose worker stopped beating in its monitor pass, not in the supervise
    // pass alone: both run at the configured pace, or a dead worker's job waits a minute.
    const common = {
      schema: options.schema,
      supervise: options.maintain,
      schedule: options.maintain,
      migrate: true,
      superviseIntervalSeconds: options.superviseIntervalSeconds,
      monitorIntervalSeconds: options.superviseIntervalSeconds,
      // Only a process that works jobs has workers to wake.
      useListenNotify: options.notify && options.maintain,
    } as const;
    this.boss =
      connection.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(connection.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: connection.url, max: 3 });
    this.boss.on('error', (error: unknown) => this.logger.error({ err: error }, 'job queue error'));
    this.context = { db };
  }

  private readonly context: { db: Database };

  async start(jobs: readonly AnyJob[]): Promise<void> {
    await this.boss.start();
    for (const job of jobs) await this.declare(job);
  }

  /** Adds a job; with `in`, inside the caller's transaction. Returns its id (null when a singleton key held it back). */
  async send<Payload>(job: JobDefinition<Payload>, payload: Payload, options: SendOptions = {}): Promise<string | null> {
    const valid = job.payload.parse(payload);
    const dueMs = options.startAfter instanceof Date ? options.startAfter.getTime() : options.startAfter !== undefined ? Date.now() + options.startAfter * 1000 : undefined;
    // A start already reached is left to the database, so the job is announced when it commits. Our
    // clock's "now", inside a transaction, is later than the database's now() (the transaction's
    // start): the job would look delayed to pg-boss, and go unannounced.
    const delayed = dueMs !== undefined && dueMs > Date.now();
    const id = await this.boss.send(job.name, (valid ?? {}) as object, {
      ...(options.in ? { db: inTransaction(options.in) } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(delayed ? { startAfter: new Date(dueMs) } : {}),
    });
    if (id !== null && delayed) this.wakeups?.expect(job.name, dueMs);
    return id;
  }

  /**
   * Runs these jobs in this process: `concurrency` workers per kind, each taking up to `batchSize`
   * jobs per fetch (one job per poll would cap a kind at concurrency ÷ poll interval jobs a second,
   * far below a busy change feed). Each job of a batch is settled on its own, so one that fails is
   * retried alone.
   */
  async work(jobs: readonly AnyJob[], options: WorkOptions): Promise<void> {
    const pollSeconds = Math.max(0.5, options.pollIntervalMs / 1000);
    const wakeups = (this.wakeups ??= new JobWakeups(pollSeconds * 1000));
    for (const job of jobs) {
      const workerId = await this.boss.work<unknown>(
        job.name,
        {
          localConcurrency: options.concurrency,
          batchSize: options.batchSize,
          burstWhenBatchFull: true,
          perJobResults: true,
          pollingIntervalSeconds: pollSeconds,
          notifyPollingIntervalSeconds: Math.max(pollSeconds, options.idlePollIntervalMs / 1000),
        },
        async (batch) => {
          const settled: Settled[] = [];
          for (const claimed of batch) settled.push(await this.run(job, claimed));
          // pg-boss sets each retry's time as it settles the batch, just after this returns.
          for (const [index, claimed] of batch.entries()) if (settled[index]!.status === 'failed') this.expectRetry(job, claimed.retryCount);
          return settled;
        },
      );
      wakeups.watch(job.name, () => this.boss.notifyWorker(workerId));
    }
  }

  private async run(job: AnyJob, claimed: { id: string; data: unknown; retryCount: number }): Promise<Settled> {
    const logger = this.logger.child({ jobId: claimed.id, job: job.name, retryCount: claimed.retryCount });
    const parsed = job.payload.safeParse(claimed.data);
    // A payload no longer valid will not become valid by retrying: straight to the dead letters.
    if (!parsed.success) {
      logger.error({ issues: parsed.error.issues }, 'job payload invalid: moved to its dead letters');
      this.options.metrics?.jobs.inc({ job: job.name, outcome: 'deadletter' });
      return { id: claimed.id, status: 'deadletter', output: { message: 'invalid payload' } };
    }
    const settled = await this.attempt(job, parsed.data, claimed, logger);
    this.options.metrics?.jobs.inc({ job: job.name, outcome: settled.status });
    return settled;
  }

  private async attempt(job: AnyJob, payload: unknown, claimed: { id: string; retryCount: number }, logger: Logger): Promise<Settled> {
    const started = performance.now();
    try {
      await job.handle(payload, { db: this.context.db, logger, jobId: claimed.id, retryCount: claimed.retryCount, enqueue: (next, payload, options) => this.send(next, payload, options) });
      logger.info({ durationMs: Math.round(performance.now() - started) }, 'job done');
      return { id: claimed.id, status: 'completed' };
    } catch (error) {
      const final = error instanceof InvalidJobPayloadError;
      logger.warn({ err: error }, final ? 'job failed for good' : 'job failed; pg-boss retries it per its policy');
      return { id: claimed.id, status: final ? 'deadletter' : 'failed', output: { message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** A failed job comes back after its retry delay: wake a worker then rather than at the backstop poll. */
  private expectRetry(job: AnyJob, retryCount: number): void {
    const window = retryWindowSeconds(job.retry, retryCount);
    if (!window) return;
    const failedAt = Date.now();
    this.wakeups?.expect(job.name, failedAt + window.from * 1000, failedAt + window.to * 1000);
  }

  /** Waiting, running and retained failed jobs per queue (pg-boss's own counts), for metrics and admins. */
  async queueStats(): Promise<{ name: string; queued: number; active: number; failed: number }[]> {
    const queues = await this.boss.getQueues();
    return queues.map((queue) => ({ name: queue.name, queued: queue.queuedCount, active: queue.activeCount, failed: queue.failedCount }));
  }

  /** Runs `job` on a cron schedule, once per slot whatever the number of workers. */
  async schedule(job: AnyJob, cron: string): Promise<void> {
    await this.boss.schedule(job.name, cron);
  }

  /** Jobs of a queue for inspection (tests, the deliveries view). */
  async find(name: string): Promise<{ id: string; state: string; data: unknown; retryCount: number }[]> {
    const jobs = await this.boss.findJobs<unknown>(name);
    return jobs.map((job) => ({ id: job.id, state: job.state, data: job.data, retryCount: job.retryCount }));
  }

  /** Stops taking jobs and waits up to `timeoutMs` for those running. */
  async stop(timeoutMs: number): Promise<void> {
    this.wakeups?.stop();
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  /**
   * Creates the job's queue and its dead letters, and brings an existing queue's options up to
   * this version's (pg-boss's createQueue leaves an existing queue as it was, so a changed retry
   * policy, or turning notify on or off, would otherwise never reach a database made before).
   */
  private async declare(job: AnyJob): Promise<void> {
    if (this.declared.has(job.name)) return;
    const dead = deadLetterOf(job.name);
    await this.boss.createQueue(dead, { retentionSeconds: 14 * 86_400 });
    const common = {
      retryLimit: job.retry.limit,
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff,
      ...(job.expireInSeconds !== undefined ? { expireInSeconds: job.expireInSeconds } : {}),
      deleteAfterSeconds: this.options.retentionDays * 86_400,
      deadLetter: dead,
      notify: this.options.notify,
    };
    const maxDelay = job.retry.backoff ? job.retry.maxDelaySeconds : undefined;
    await this.boss.createQueue(job.name, {
      ...common,
      policy: job.policy ?? 'standard',
      ...(maxDelay !== undefined ? { retryDelayMax: maxDelay } : {}),
      ...(job.heartbeatSeconds !== undefined ? { heartbeatSeconds: job.heartbeatSeconds } : {}),
    });
    // null clears what an earlier version set.
    await this.boss.updateQueue(job.name, { ...common, retryDelayMax: maxDelay ?? null, heartbeatSeconds: job.heartbeatSeconds ?? null });
    this.declared.add(job.name);
  }
}
