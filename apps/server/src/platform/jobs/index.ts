/**
 * Picks the job-queue adapter for the database (ADR 0008): pg-boss on PostgreSQL (`DATABASE_URL`), the
 * in-process queue on embedded PGlite.
 */
import type { Logger } from '../logger.ts';
import type { JobQueue } from './job-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { PgBossQueue, type PgBossQueueOptions } from './pg-boss-queue.ts';

export type { Job, JobHandler, JobQueue, QueuePolicy, Schedule, SendOptions } from './job-queue.ts';
export { InProcessQueue } from './in-process-queue.ts';
export { PgBossQueue } from './pg-boss-queue.ts';

/** The queue for `databaseUrl` (PostgreSQL → pg-boss) or the in-process one (no URL: PGlite). Not started. */
export function createJobQueue(databaseUrl: string | undefined, log: Logger, o: { pgBoss?: PgBossQueueOptions; everyMs?: number } = {}): JobQueue {
  return databaseUrl ? new PgBossQueue(databaseUrl, log, o.pgBoss) : new InProcessQueue(log, { everyMs: o.everyMs });
}
