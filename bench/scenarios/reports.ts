/**
 * Report queries against the seeded history, each against its baseline: a plain `count(*)` of every
 * table the query reads, as often as it reads it (issue 7 table). Each query runs `REPEAT` times after
 * one warm-up; the median counts. `EXPLAIN (ANALYZE, BUFFERS)` of each query is kept in the result for
 * when a ratio needs explaining.
 */
import { sql } from 'kysely';
import { openBenchContext, timed, type DbTarget } from '../lib/common.ts';
import { PAYMENTS_TABLE, SNAPSHOT_TABLE } from './seed.ts';

const REPEAT = 3;

/** name → [report SQL, tables it reads (for the count(*) baseline)] */
export const REPORTS: Record<string, [string, string[]]> = {
  recoveryByBatch: [
    `select b.id, b.batch_no, count(*) as cases, sum(c.placed_amount) as placed, coalesce(sum(p.paid), 0) as recovered,
       round(coalesce(sum(p.paid), 0)::numeric / nullif(sum(c.placed_amount), 0), 4) as rate
     from cases c join batches b on b.id = c.batch_id
     left join (select case_id, sum(amount) as paid from ${PAYMENTS_TABLE} group by case_id) p on p.case_id = c.id
     group by b.id, b.batch_no order by b.id`,
    ['cases', 'batches', PAYMENTS_TABLE],
  ],
  recoveryByCollector: [
    `select u.id, u.display_name, count(*) as cases, sum(c.placed_amount) as placed, coalesce(sum(p.paid), 0) as recovered
     from cases c join users u on u.id = c.assigned_user_id
     left join (select case_id, sum(amount) as paid from ${PAYMENTS_TABLE} group by case_id) p on p.case_id = c.id
     group by u.id, u.display_name order by recovered desc`,
    ['cases', 'users', PAYMENTS_TABLE],
  ],
  rollRate12m: [
    `select s0.snapshot_month, s0.bucket as from_bucket, s1.bucket as to_bucket, count(*) as cases, sum(s0.outstanding) as amount
     from ${SNAPSHOT_TABLE} s0 join ${SNAPSHOT_TABLE} s1 on s1.case_id = s0.case_id and s1.snapshot_month = (s0.snapshot_month + interval '1 month')::date
     group by 1, 2, 3 order by 1, 2, 3`,
    [SNAPSHOT_TABLE, SNAPSHOT_TABLE],
  ],
};

export interface ReportFigures { name: string; ms: number; baselineMs: number; rows: number; plan: string }

/** Each report and its baseline: median of `repeat` runs (default {@link REPEAT}; the quick run takes 7: its queries are short, so noisier). */
export async function reports(a: { target: DbTarget; repeat?: number }): Promise<ReportFigures[]> {
  const ctx = await openBenchContext(a.target);
  const repeat = a.repeat ?? REPEAT;
  const median = async (text: string) => {
    await sql.raw(text).execute(ctx.db);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < repeat; i++) {
      const { ms, value } = await timed(() => sql.raw(text).execute(ctx.db));
      times.push(ms);
      rows = value.rows.length;
    }
    times.sort((x, y) => x - y);
    return { ms: times[Math.floor(repeat / 2)], rows };
  };
  try {
    const out: ReportFigures[] = [];
    for (const [name, [text, tables]] of Object.entries(REPORTS)) {
      const q = await median(text);
      let baselineMs = 0;
      for (const t of tables) baselineMs += (await median(`select count(*) from ${t}`)).ms;
      const plan = (await sql.raw<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`).execute(ctx.db)).rows.map((r) => r['QUERY PLAN']).join('\n');
      out.push({ name, ms: q.ms, baselineMs, rows: q.rows, plan });
    }
    return out;
  } finally {
    await ctx.database.close();
  }
}
