/**
 * Champion/challenger report: for the snapshots of [from, to], each case counts once in the arm (and
 * segment) of its first snapshot in the window. Per arm:
 * - contact rate = cases with a right-party contact (made contact record whose result code has
 *   right_party_contact) in the window / cases;
 * - PTP rate = cases with a promise made in the window / cases;
 * - kept rate = cases with a kept promise made in the window / cases with a promise;
 * - recovery = posted payments in the window (paymentsByCase) and its
 *   rate against the outstanding of the first snapshot.
 * Rates are basis points (1% = 100), rounded down. Window days are agency-zone calendar days. Scoped to the actor.
 */
import { sql } from 'kysely';
import type { ArmReportRow } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { paymentsByCase } from './payments-read.ts';

const bp = (n: number, d: number) => (d === 0 ? 0 : Math.floor((n * 10000) / d));

export async function armReport(ctx: AppContext, actor: Actor, q: { strategyId?: number; from: string; to: string }): Promise<ArmReportRow[]> {
  const zone = ctx.config.timezone;
  const rows = (await sql<{ case_id: number; strategy_id: number; segment_id: string | null; arm: 'champion' | 'challenger'; outstanding: number | null; contacted: boolean; promised: boolean; kept: boolean }>`
    with first as (
      select distinct on (s.case_id) s.case_id, s.strategy_id, s.segment_id, s.arm, s.outstanding
      from case_snapshots s join cases k on k.id = s.case_id
      where s.day between ${q.from}::date and ${q.to}::date and s.arm is not null and ${caseScopeSql(actor.scope, 'k')}
        ${q.strategyId ? sql`and s.strategy_id = ${q.strategyId}` : sql``}
      order by s.case_id, s.day)
    select f.*,
      exists (select 1 from contact_records r join contact_codes cc on cc.kind = 'result' and cc.code = r.result_code and cc.right_party_contact
        where r.case_id = f.case_id and r.status = 'made' and (r.at at time zone ${zone})::date between ${q.from}::date and ${q.to}::date) as contacted,
      exists (select 1 from promises p where p.case_id = f.case_id and (p.created_at at time zone ${zone})::date between ${q.from}::date and ${q.to}::date) as promised,
      exists (select 1 from promises p where p.case_id = f.case_id and p.status = 'kept' and (p.created_at at time zone ${zone})::date between ${q.from}::date and ${q.to}::date) as kept
    from first f`.execute(ctx.db)).rows;
  const paid = await paymentsByCase(ctx.db, rows.map((r) => Number(r.case_id)), q.from, q.to);
  const groups = new Map<string, ArmReportRow & { outstanding: number }>();
  for (const r of rows) {
    const key = `${r.strategy_id}|${r.segment_id}|${r.arm}`;
    const g = groups.get(key) ?? { strategyId: Number(r.strategy_id), segmentId: r.segment_id, arm: r.arm, cases: 0, contacted: 0, contactRateBp: 0, promises: 0, ptpRateBp: 0, kept: 0, keptRateBp: 0, recovered: paid ? 0 : null, recoveryRateBp: null, outstanding: 0 };
    g.cases++;
    if (r.contacted) g.contacted++;
    if (r.promised) g.promises++;
    if (r.kept) g.kept++;
    g.outstanding += Number(r.outstanding ?? 0);
    if (paid) g.recovered = (g.recovered ?? 0) + (paid.get(Number(r.case_id)) ?? 0);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ outstanding, ...g }) => ({ ...g, contactRateBp: bp(g.contacted, g.cases), ptpRateBp: bp(g.promises, g.cases), keptRateBp: bp(g.kept, g.promises), recoveryRateBp: g.recovered === null ? null : bp(g.recovered, outstanding) }))
    .sort((a, b) => a.strategyId - b.strategyId || String(a.segmentId).localeCompare(String(b.segmentId)) || a.arm.localeCompare(b.arm));
}
