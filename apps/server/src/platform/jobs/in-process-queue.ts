/**
 * The job queue of the embedded default (PGlite: one process, one connection; ADR 0008). Jobs live in
 * memory and run in this process, one at a time per queue; nothing of the queue itself survives a
 * restart — the durable record is the work's own table (e.g. `daily_runs`), and a scheduled handler
 * re-derives what is due from it.
 *
 * Schedules are polls: every `everyMs` (default 60 s, timer `unref`ed) each scheduled job is sent, and its
 * handler decides from the injected clock and its table whether anything is due (the daily tick checks
 * RECOVA_DAILY_RUN_AT in the agency zone, `scheduler.ts` `dueDay`). The cron text is kept for
 * `schedules()`. A failed job is not retried here: the next poll finds the work still due (a failed daily
 * run is retried up to 3 attempts, an interrupted one resumed after its heartbeat goes stale).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Job, JobHandler, JobQueue, Schedule, SendOptions } from './job-queue.ts';

interface Pending { job: Job<object>; key?: string }

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly queues = new Map<string, Pending[]>();
  private readonly draining = new Map<string, Promise<void>>();
  /** singleton keys waiting per queue (one waits, one runs, as pg-boss `stately`) */
  private readonly waitingKeys = new Map<string, Set<string>>();
  private readonly crons = new Map<string, Schedule>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly log: Logger, private readonly o: { everyMs?: number } = {}) {}

  async start() {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => void this.poll(), this.o.everyMs ?? 60_000);
    this.timer.unref();
  }

  async stop() {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const q of this.queues.values()) q.length = 0;
    for (const k of this.waitingKeys.values()) k.clear();
    // a running handler gets up to 3 s; one still running after that is abandoned (its table resumes it)
    let t: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (t = setTimeout(r, 3000)))]);
    clearTimeout(t);
  }

  /** Send every scheduled job now (what the timer does every `everyMs`); one waits at most per schedule. */
  async poll() {
    if (!this.started) return;
    for (const name of this.crons.keys()) await this.send(name, {}, { singletonKey: 'schedule' });
  }

  /** Resolves when no job is waiting or running (tests). */
  async idle() {
    while (this.draining.size) await Promise.all([...this.draining.values()]);
  }

  async schedule(name: string, cron: string, tz: string) {
    this.crons.set(name, { name, cron, tz });
  }

  async unschedule(name: string) {
    this.crons.delete(name);
  }

  async schedules() {
    return [...this.crons.values()];
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}) {
    if (!this.started) throw new Error(`job queue not started (send ${name})`);
    const keys = this.waitingKeys.get(name) ?? new Set<string>();
    this.waitingKeys.set(name, keys);
    if (options.singletonKey) {
      if (keys.has(options.singletonKey)) return null;
      keys.add(options.singletonKey);
    }
    const job: Job<object> = { id: randomUUID(), name, data, retryCount: 0 };
    const q = this.queues.get(name) ?? [];
    this.queues.set(name, q);
    q.push({ job, key: options.singletonKey });
    this.drain(name);
    return job.id;
  }

  async work<T extends object>(name: string, handler: JobHandler<T>) {
    this.handlers.set(name, handler as JobHandler<object>);
    this.drain(name);
  }

  private drain(name: string) {
    if (this.draining.has(name) || !this.handlers.has(name) || !this.queues.get(name)?.length) return;
    const run = (async () => {
      for (let next = this.queues.get(name)!.shift(); next; next = this.queues.get(name)!.shift()) {
        if (next.key) this.waitingKeys.get(name)?.delete(next.key); // running now: another may wait
        try {
          await this.handlers.get(name)!(next.job);
        } catch (e) {
          this.log.error({ queue: name, job: next.job.id, err: (e as Error).message }, 'job failed');
        }
      }
    })().finally(() => {
      this.draining.delete(name);
      this.drain(name); // a job sent while the loop was ending
    });
    this.draining.set(name, run);
  }
}
