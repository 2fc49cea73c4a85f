import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the gauges read when scraped: live values owned by the collab server and the job queue. */
export interface MetricSources {
  loadedDocuments(): number;
  connections(): number;
  /** Updates accepted but not yet committed to the update log. */
  unsavedUpdates(): number;
  /** Per job queue: waiting, running and failed jobs (retained failures). */
  queues(): Promise<{ name: string; queued: number; active: number; failed: number }[]>;
}

/**
 * One registry per running app (tests run several apps in one process, so never the global
 * default registry). Counters and histograms are fed by the parts that do the work; gauges are
 * read from `MetricSources` when `/metrics` is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'studio_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly documentUpdates = new Counter({
    name: 'studio_document_updates_total',
    help: 'Document updates appended to the update log (from sockets, REST and workers)',
    registers: [this.registry],
  });
  readonly commitBatchSize = new Histogram({
    name: 'studio_update_log_batch_size',
    help: 'Updates per group commit of the update log',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });
  readonly commitLag = new Histogram({
    name: 'studio_update_log_commit_lag_seconds',
    help: 'Time from an update being appended to its batch being committed',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly commitFailures = new Counter({
    name: 'studio_update_log_commit_failures_total',
    help: 'Group commits that failed (their updates are kept and retried)',
    registers: [this.registry],
  });
  readonly compactions = new Counter({
    name: 'studio_compactions_total',
    help: 'Document compactions by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: 'studio_jobs_total',
    help: 'Jobs run by the worker role, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'studio_rate_limited_total',
    help: 'Requests and sockets refused by a rate limit, by limiter',
    labelNames: ['limiter'] as const,
    registers: [this.registry],
  });
  readonly relayCatchUps = new Counter({
    name: 'studio_collab_relay_catch_ups_total',
    help: 'Loaded documents caught up from the log because messages from other instances were missed',
    registers: [this.registry],
  });
  readonly accessCache = new Counter({
    name: 'studio_collab_access_cache_total',
    help: 'Lookups of collab authentication checks (role in the project, open document), by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly socketPauses = new Counter({
    name: 'studio_collab_socket_pauses_total',
    help: 'Times a collab socket stopped being read until the updates it sent were committed (backpressure)',
    registers: [this.registry],
  });
  readonly socketCloses = new Counter({
    name: 'studio_collab_socket_closes_total',
    help: 'Collab sockets closed, by close code and reason',
    labelNames: ['code', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'studio_' });
  }

  /** Gauges read at scrape time; set once the parts they read exist. */
  observe(sources: MetricSources): void {
    const registers = [this.registry];
    new Gauge({ name: 'studio_loaded_documents', help: 'Documents loaded in this process', registers, collect: function () { this.set(sources.loadedDocuments()); } });
    new Gauge({ name: 'studio_collab_connections', help: 'Open document connections in this process', registers, collect: function () { this.set(sources.connections()); } });
    new Gauge({ name: 'studio_unsaved_updates', help: 'Updates accepted but not yet committed', registers, collect: function () { this.set(sources.unsavedUpdates()); } });
    new Gauge({
      name: 'studio_job_queue_jobs',
      help: 'Jobs per queue and state (failed: retained failures)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        // A scrape while the database is away still answers, without these.
        const queues = await sources.queues().catch(() => []);
        for (const queue of queues) {
          this.set({ queue: queue.name, state: 'queued' }, queue.queued);
          this.set({ queue: queue.name, state: 'active' }, queue.active);
          this.set({ queue: queue.name, state: 'failed' }, queue.failed);
        }
      },
    });
  }
}
