/**
 * The job-queue port (ADR 0008, revised in session 6): background work that must survive a restart and
 * be retried — today the daily strategy run. Two adapters:
 * - `pg-boss-queue.ts`: pg-boss 10.4.2 on PostgreSQL (`DATABASE_URL`), its own `pgboss` schema and pool;
 *   durable jobs, cron schedules, retries with back-off, expiry of jobs whose process died.
 * - `in-process-queue.ts`: the embedded default (PGlite, one process, one connection): an in-memory queue
 *   and a poller; the durable record is the job's own table (e.g. `daily_runs`).
 *
 * Handlers must be idempotent: a job may be delivered more than once (a retry after a crash, a duplicate
 * send). The work's own table says what is already done.
 */

/** One delivery of a job. `data` is JSON; `retryCount` is 0 on the first delivery. */
export interface Job<T = Record<string, unknown>> {
  id: string;
  name: string;
  data: T;
  retryCount: number;
}

/** A handler's return value is stored as the job's output (pg-boss); a throw fails the delivery (retry). */
export type JobHandler<T = Record<string, unknown>> = (job: Job<T>) => Promise<unknown>;

/** Retry and expiry policy of a queue (pg-boss; the in-process adapter does not retry — see its JSDoc). */
export interface QueuePolicy {
  /** retries after the first delivery fails (default 0) */
  retryLimit?: number;
  /** seconds before the first retry (default 0) */
  retryDelaySeconds?: number;
  /** double the delay on each retry (exponential back-off) */
  retryBackoff?: boolean;
  /** an active job older than this is failed and retried (its process died or hangs); default 15 min */
  expireInSeconds?: number;
}

export interface SendOptions {
  /** at most one job with this key waits in the queue and one runs (pg-boss `stately` queues) */
  singletonKey?: string;
}

/** A registered cron schedule: `cron` (5 fields) in IANA zone `tz`. */
export interface Schedule { name: string; cron: string; tz: string }

export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  /** Connect (pg-boss: install or migrate its schema) and start the pollers. */
  start(): Promise<void>;
  /** Stop pollers and timers, wait (bounded) for running handlers, close the queue's own connections. */
  stop(): Promise<void>;
  /** Register (or replace) a cron schedule that sends job `name` with `{}` at each `cron` time in `tz`. */
  schedule(name: string, cron: string, tz: string): Promise<void>;
  /** Remove the schedule of `name` (no-op when there is none). */
  unschedule(name: string): Promise<void>;
  /** The registered schedules. */
  schedules(): Promise<Schedule[]>;
  /** Enqueue a job; the id, or null when a job with the same `singletonKey` is already waiting. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Declare the queue `name` with its policy and handle its jobs one at a time. */
  work<T extends object>(name: string, handler: JobHandler<T>, policy?: QueuePolicy): Promise<void>;
}
