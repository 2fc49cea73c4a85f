import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { InvalidJobPayloadError, type JobDefinition, type RegisteredJob } from './job.js';
import { claimDueJobs, enqueue, markJobDone, markJobFailed, type ClaimedJob } from './queue.js';

export interface RecurringJob {
  job: JobDefinition<Record<string, never>>;
  everyMs: number;
}

export interface JobRunnerOptions {
  db: Database;
  logger: Logger;
  jobs: RegisteredJob[];
  recurring?: RecurringJob[];
  concurrency: number;
  pollIntervalMs: number;
  /** How long a claimed job is reserved before another worker may assume this one died. */
  leaseMs?: number;
}

/**
 * Polls the jobs table and runs due jobs with bounded concurrency. Stopping stops claiming and
 * waits for the jobs in flight, so a graceful shutdown never abandons work half done.
 */
export class JobRunner {
  private readonly jobsByName: Map<string, RegisteredJob>;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private recurringTimers: NodeJS.Timeout[] = [];
  private polling: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {
    this.jobsByName = new Map(options.jobs.map((job) => [job.name, job]));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const recurring of this.options.recurring ?? []) {
      const schedule = () => void this.scheduleRecurring(recurring);
      schedule();
      this.recurringTimers.push(setInterval(schedule, recurring.everyMs));
    }
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.recurringTimers.forEach(clearInterval);
    this.recurringTimers = [];
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Claims as many due jobs as there are free slots and starts them; returns how many started. */
  async pollOnce(): Promise<number> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const claimed = await claimDueJobs(this.options.db, [...this.jobsByName.keys()], free, this.options.leaseMs ?? 300_000);
    for (const job of claimed) {
      const running = this.execute(job).finally(() => {
        this.inFlight.delete(running);
        if (!this.stopped) this.schedulePoll(0);
      });
      this.inFlight.add(running);
    }
    return claimed.length;
  }

  /** Resolves when no job is running; for tests and shutdown. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.pollSafely().finally(() => {
        this.polling = undefined;
      });
    }, delayMs);
  }

  private async pollSafely(): Promise<void> {
    if (this.stopped) return;
    let started = 0;
    try {
      started = await this.pollOnce();
    } catch (error) {
      this.options.logger.error({ err: error }, 'polling for jobs failed');
    }
    if (!this.stopped) this.schedulePoll(started > 0 ? 0 : this.options.pollIntervalMs);
  }

  private async execute(claimed: ClaimedJob): Promise<void> {
    const logger = this.options.logger.child({ jobId: claimed.id, job: claimed.name, attempt: claimed.attempts });
    const job = this.jobsByName.get(claimed.name)!;
    const startedAt = performance.now();
    try {
      await job.run(claimed.payload, { db: this.options.db, logger, jobId: claimed.id, attempt: claimed.attempts });
      await markJobDone(this.options.db, claimed.id);
      logger.info({ durationMs: Math.round(performance.now() - startedAt) }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof InvalidJobPayloadError || claimed.attempts >= claimed.maxAttempts;
      const retryInMs = final ? null : job.backoffMs(claimed.attempts);
      logger.warn({ err: error, retryInMs }, final ? 'job failed for good' : 'job failed; will retry');
      await markJobFailed(this.options.db, claimed.id, message, retryInMs).catch((markError: unknown) =>
        // The lease runs out and another worker retries it: logged, not lost.
        logger.error({ err: markError }, 'could not record the job failure'),
      );
    }
  }

  private async scheduleRecurring({ job, everyMs }: RecurringJob): Promise<void> {
    const bucket = Math.floor(Date.now() / everyMs);
    try {
      // One job per period however many workers run: the period is the idempotency key.
      await enqueue(this.options.db, job, {}, { idempotencyKey: `every-${everyMs}-${bucket}` });
    } catch (error) {
      this.options.logger.error({ err: error, job: job.name }, 'could not schedule a recurring job');
    }
  }
}
