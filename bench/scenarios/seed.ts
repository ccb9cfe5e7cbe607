/**
 * History of the bench portfolio, generated set-based in the database after the import (deterministic:
 * every pseudo-random choice is a hash of the case id), so 1M cases seed in SQL time, not Node time:
 * - 500 collectors (`bench_c001`…) owning the cases round-robin, and 200 API users (`bench_api001`…,
 *   role manager) whose sessions the API scenario creates;
 * - `contact_records`: 0–5 attempts per case over the 90 days before placement + 50 (calls, SMS,
 *   visits; made), keyed by the debtor (`id_number_bidx`) like the gate writes them;
 * - payments: `bench_payments` (35 % of cases pay 1–3 times) — HOOK: once the payments workstream's
 *   table lands, point {@link PAYMENTS_TABLE} and the report query at it;
 * - monthly snapshots: `bench_case_snapshots` (12 month ends per case: DPD bucket and outstanding, with
 *   cures and roll-forwards) — HOOK: once the daily run's `case_snapshots` lands, point
 *   {@link SNAPSHOT_TABLE} (and this insert's columns) at it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { openBenchContext, timed, type DbTarget } from '../lib/common.ts';

export const BENCH_COLLECTORS = 500;
export const BENCH_API_USERS = 200;
/** HOOK (payments workstream): the table the recovery report reads (`case_id`, `amount` fen, `paid_at`). */
export const PAYMENTS_TABLE = 'bench_payments';
export const SNAPSHOT_TABLE = 'bench_case_snapshots';

/** Deterministic 0…m-1 from a case id and a salt (Knuth multiplicative hash; SQL-side). */
const h = (expr: string, salt: number, m: number) => `((((${expr}) * 2654435761 + ${salt * 40503}) % 4294967296) % ${m})`;

async function exec(db: Kysely<DB>, text: string): Promise<number> {
  const r = await sql.raw(text).execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface SeedFigures { collectors: number; apiUsers: number; contactRecords: number; payments: number; snapshots: number; ms: Record<string, number> }

/**
 * Seed users, assignments and (unless `history: false`, when no report runs) the contact records,
 * payments and snapshots into the bench database (idempotent: skips what exists).
 */
export async function seedHistory(a: { target: DbTarget; history?: boolean }): Promise<SeedFigures> {
  const ctx = await openBenchContext(a.target);
  const db = ctx.db;
  const ms: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => (ms[name] = (await timed(fn)).ms);
  try {
    await step('users', async () => {
      await exec(db, `insert into users (username, display_name, password_hash, role)
        select 'bench_c' || lpad(g::text, 3, '0'), '催收员' || g, 'bench-no-login', 'collector' from generate_series(1, ${BENCH_COLLECTORS}) g
        on conflict (tenant_id, username) do nothing`);
      await exec(db, `insert into users (username, display_name, password_hash, role)
        select 'bench_api' || lpad(g::text, 3, '0'), '经理' || g, 'bench-no-login', 'manager' from generate_series(1, ${BENCH_API_USERS}) g
        on conflict (tenant_id, username) do nothing`);
    });
    await step('assign', () => exec(db, `with c as (select id, row_number() over (order by id) - 1 as rn from users where username like 'bench_c%')
      update cases set assigned_user_id = c.id, assigned_at = timestamptz '2026-10-09 09:00+08' from c where c.rn = cases.id % ${BENCH_COLLECTORS} and cases.assigned_user_id is null`));
    const have = Number((await sql<{ n: number }>`select count(*)::int as n from contact_records`.execute(db)).rows[0].n);
    if (!have && a.history !== false) {
      await step('contactRecords', () => exec(db, `insert into contact_records (case_id, debtor_key, at, channel, direction, party, status, outcome, result_code, source, created_at)
        select c.id, c.id_number_bidx,
          timestamptz '2026-07-10 08:00+08' + (${h('c.id * 7 + g', 3, 140)}) * interval '1 day' + (${h('c.id + g', 5, 720)}) * interval '1 minute',
          (array['call','call','call','sms','visit'])[1 + ${h('c.id + g', 7, 5)}], 'outbound',
          case when ${h('c.id + g', 11, 7)} = 0 then 'third_party' else 'debtor' end, 'made',
          (array['no_answer','busy','conversation','voicemail','not_in_service'])[1 + ${h('c.id * 3 + g', 13, 5)}], null, 'manual', now()
        from cases c cross join lateral generate_series(1, ${h('c.id', 17, 6)}::int) g`));
      await step('payments', async () => {
        await exec(db, `create table if not exists ${PAYMENTS_TABLE} (id bigserial primary key, case_id bigint not null references cases(id), paid_at date not null, amount bigint not null)`);
        await exec(db, `create index if not exists ${PAYMENTS_TABLE}_case on ${PAYMENTS_TABLE} (case_id)`);
        await exec(db, `insert into ${PAYMENTS_TABLE} (case_id, paid_at, amount)
          select c.id, date '2026-10-10' + (${h('c.id + g', 19, 50)})::int, greatest(100, (c.outstanding_amount * (5 + ${h('c.id + g', 23, 35)}) / 100))
          from cases c cross join lateral generate_series(1, 1 + ${h('c.id', 29, 3)}::int) g where ${h('c.id', 31, 100)} < 35`);
      });
      await step('snapshots', async () => {
        await exec(db, `create table if not exists ${SNAPSHOT_TABLE} (snapshot_month date not null, case_id bigint not null, dpd int not null, bucket text not null, outstanding bigint not null, primary key (case_id, snapshot_month))`);
        // DPD at each month end: the client DPD walked back 30 days a month; a case cures (DPD 0) in a month with 8 % chance
        await exec(db, `insert into ${SNAPSHOT_TABLE} (snapshot_month, case_id, dpd, bucket, outstanding)
          select m.month, c.id, d.dpd,
            case when d.dpd = 0 then 'M0' when d.dpd <= 30 then 'M1' when d.dpd <= 60 then 'M2' when d.dpd <= 90 then 'M3' when d.dpd <= 120 then 'M4' when d.dpd <= 150 then 'M5' when d.dpd <= 180 then 'M6' else 'M7+' end,
            c.outstanding_amount
          from cases c
          cross join lateral (select (date '2025-11-30' + k * interval '1 month')::date as month, k from generate_series(0, 11) k) m
          cross join lateral (select case when ${h('c.id * 13 + m.k', 37, 100)} < 8 then 0 else greatest(0, coalesce(c.client_dpd, 0) - 30 * (11 - m.k)) end as dpd) d`);
        await exec(db, `analyze ${SNAPSHOT_TABLE}`);
      });
      await exec(db, 'analyze contact_records');
      await exec(db, `analyze ${PAYMENTS_TABLE}`);
      await exec(db, 'analyze cases');
    }
    const count = async (t: string) => (a.history === false ? 0 : Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db)).rows[0].n));
    return {
      collectors: BENCH_COLLECTORS, apiUsers: BENCH_API_USERS, contactRecords: await count('contact_records'), payments: await count(PAYMENTS_TABLE), snapshots: await count(SNAPSHOT_TABLE), ms,
    };
  } finally {
    await ctx.database.close();
  }
}
