/**
 * The job queue on PostgreSQL: pg-boss 10.4.2 (the last line for Node 20; ADR 0008). pg-boss keeps its
 * tables in its own schema (`pgboss`, installed and migrated by pg-boss itself at `start()`, outside our
 * numbered migrations) and opens its own small pool from the URL. Queues use the `stately` policy: per
 * `singletonKey` at most one job waits and one runs. Cron schedules are evaluated by pg-boss (once per
 * minute across all server processes) in the schedule's IANA zone.
 */
import PgBoss from 'pg-boss';
import type { Logger } from '../logger.ts';
import type { Job, JobHandler, JobQueue, QueuePolicy, Schedule, SendOptions } from './job-queue.ts';

/** pg-boss tuning; tests lower the intervals (seconds). */
export interface PgBossQueueOptions {
  /** schema of pg-boss's tables (default `pgboss`) */
  schema?: string;
  /** how often an idle worker polls for jobs (default 2; pg-boss minimum 0.5) */
  pollingIntervalSeconds?: number;
  /** how often expired jobs are failed/retried and old ones archived (default 120) */
  maintenanceIntervalSeconds?: number;
  /** how often cron schedules are checked (default 30) */
  cronMonitorIntervalSeconds?: number;
  /** connections of pg-boss's own pool (default 4) */
  max?: number;
}

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  /** The pg-boss instance (for inspection in tests and tools; application code uses the port). */
  readonly boss: PgBoss;
  private readonly workers = new Map<string, string>();
  private readonly polling: number;

  constructor(url: string, private readonly log: Logger, o: PgBossQueueOptions = {}) {
    this.polling = o.pollingIntervalSeconds ?? 2;
    this.boss = new PgBoss({
      connectionString: url, schema: o.schema ?? 'pgboss', application_name: 'recova-jobs', max: o.max ?? 4,
      migrate: true, supervise: true, schedule: true,
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 120,
      cronMonitorIntervalSeconds: o.cronMonitorIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: Math.max(this.polling, 1),
    });
    // an EventEmitter 'error' without a listener would crash the process: log it instead
    this.boss.on('error', (e) => this.log.error({ err: e.message }, 'job queue error'));
  }

  async start() {
    await this.boss.start();
  }

  async stop() {
    this.workers.clear();
    // graceful: running handlers get up to 3 s (their jobs are failed and retried by another process after)
    await this.boss.stop({ graceful: true, wait: true, timeout: 3000 });
  }

  async schedule(name: string, cron: string, tz: string) {
    await this.boss.createQueue(name, { name, policy: 'stately' });
    await this.boss.schedule(name, cron, {}, { tz, singletonKey: name });
  }

  async unschedule(name: string) {
    await this.boss.unschedule(name);
  }

  async schedules(): Promise<Schedule[]> {
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron, tz: (s as unknown as { timezone: string }).timezone }));
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}) {
    const id = await this.boss.send(name, data, options.singletonKey ? { singletonKey: options.singletonKey } : {});
    const worker = this.workers.get(name);
    if (id && worker) this.boss.notifyWorker(worker); // fetch now rather than at the next poll
    return id;
  }

  async work<T extends object>(name: string, handler: JobHandler<T>, p: QueuePolicy = {}) {
    const policy = { retryLimit: p.retryLimit ?? 0, retryDelay: p.retryDelaySeconds ?? 0, retryBackoff: p.retryBackoff ?? false, ...(p.expireInSeconds && { expireInSeconds: p.expireInSeconds }) };
    await this.boss.createQueue(name, { name, policy: 'stately', ...policy });
    await this.boss.updateQueue(name, { name, policy: 'stately', ...policy }); // a changed policy applies to new jobs (updateQueue's default policy is 'standard')
    const id = await this.boss.work<T>(name, { pollingIntervalSeconds: this.polling, includeMetadata: true }, async ([job]) => {
      const j: Job<T> = { id: job.id, name: job.name, data: job.data, retryCount: job.retryCount };
      try {
        return await handler(j);
      } catch (e) {
        this.log.warn({ queue: name, job: job.id, retry: job.retryCount, err: (e as Error).message }, 'job failed');
        throw e;
      }
    });
    this.workers.set(name, id);
  }
}
