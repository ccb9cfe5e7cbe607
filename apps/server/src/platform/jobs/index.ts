/**
 * Picks the job-queue adapter for the database (ADR 0008): pg-boss on PostgreSQL (`DATABASE_URL`), the
 * in-process queue on embedded PGlite.
 */
import type { Logger } from '../logger.ts';
import type { JobQueue } from './job-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import type { PgBossQueueOptions } from './pg-boss-queue.ts';

export type { Job, JobHandler, JobQueue, QueuePolicy, Schedule, SendOptions } from './job-queue.ts';
export { InProcessQueue } from './in-process-queue.ts';

/**
 * The queue for `databaseUrl` (PostgreSQL → pg-boss) or the in-process one (no URL: PGlite). Not started.
 * pg-boss is loaded only when used, so the embedded default and the CLI never load it.
 */
export async function createJobQueue(databaseUrl: string | undefined, log: Logger, o: { pgBoss?: PgBossQueueOptions; everyMs?: number } = {}): Promise<JobQueue> {
  if (!databaseUrl) return new InProcessQueue(log, { everyMs: o.everyMs });
  const { PgBossQueue } = await import('./pg-boss-queue.ts');
  return new PgBossQueue(databaseUrl, log, o.pgBoss);
}
