/**
 * What the strategy engine knows of each active case on a day, read in chunks (keyset on case id, one
 * set-based query per chunk) and aged by the domain (`ageAccount`).
 *
 * Sources of each condition field (0001 cases, 0008 work fields and tables):
 * - dpd, bucket (issue 6): `ageAccount` as of the day from the case's installment schedule (0014
 *   case_installments) settled FIFO by its posted payments up to the day — or, for a case without a
 *   schedule, from cases.overdue_date — less its paused days (from case_events) and the grace days (the
 *   client's aging_grace_days, else the agency's settings.agingGraceDays), bucketed by
 *   settings.agingBuckets. A case with neither a schedule nor an overdue date is DPD 0. The schedules,
 *   payments and pauses of a chunk are read in one query each (aging-read.ts).
 * - outstanding: cases.outstanding_amount (minor units); client: clients.code; product, region: cases.
 * - score: cases.custom.score when it is a number (imports keep unknown columns in custom).
 * - lastResult: cases.last_result_code; ptpState: status of the latest promise that is not cancelled.
 * - daysSinceContact: calendar days from cases.last_contact_at (agency zone) to the day; null = never.
 * - hasValidPhone: some phone of the case is not marked invalid.
 * - flags: open case_flags of the case or of the person (debtor_key = the case's ID-number blind index),
 *   not expired on the day, plus the imported cases.flags.
 */
import { sql, type Kysely } from 'kysely';
import { ageAccount } from '@recova/domain/aging/schedule';
import type { CaseFacts } from '@recova/domain/strategy/strategy';
import type { RawBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Bucket } from '@recova/domain/aging/aging';
import { agingSettings } from '../settings/settings.service.ts';
import { loadAgingInputs } from './aging-read.ts';

/** The agency's aging configuration the run applies (settings agingBuckets, agingGraceDays). */
export interface AgingConfig { buckets: readonly Bucket[]; graceDays: number }

/** A case's facts plus what the snapshot stores. */
export interface CaseRow extends CaseFacts {
  caseId: number;
  clientId: number;
  currency: string;
  assignedUserId: number | null;
}

interface Raw {
  id: number; client_id: number; client_code: string; product: string | null; region: string | null; last_result_code: string | null;
  outstanding_amount: number | null; currency: string; assigned_user_id: number | null; overdue_date: string | null; score: number | null;
  days_since_contact: number | null; ptp_state: string | null; has_valid_phone: boolean; flags: string[] | null; case_flags: string[] | null;
  client_grace: number | null;
}

/**
 * Up to `limit` active cases with id above `afterId`, in id order, with their facts as of `day`
 * (`YYYY-MM-DD`; `zone` the agency's IANA zone; `endOfDay` the instant the day ends, for flag expiry).
 * `where` narrows the cases further (the actor's data scope for a dry run).
 */
export async function loadFactsChunk(db: Kysely<DB>, p: { day: string; zone: string; endOfDay: Date; afterId: number; limit: number; where?: RawBuilder<SqlBool>; aging?: AgingConfig }): Promise<CaseRow[]> {
  const aging = p.aging ?? (await agingSettings(db));
  const rows = await sql<Raw>`
    select k.id, k.client_id, c.code as client_code, k.product, k.region, k.last_result_code, k.outstanding_amount, k.currency,
      k.assigned_user_id, k.overdue_date, k.flags as case_flags, c.aging_grace_days as client_grace,
      case when k.custom->>'score' ~ '^-?[0-9]+(\.[0-9]+)?$' then (k.custom->>'score')::float8 end as score,
      case when k.last_contact_at is null then null else ${p.day}::date - (k.last_contact_at at time zone ${p.zone})::date end as days_since_contact,
      (select pr.status from promises pr where pr.case_id = k.id and pr.status <> 'cancelled' order by pr.created_at desc, pr.id desc limit 1) as ptp_state,
      exists (select 1 from case_phones ph where ph.case_id = k.id and ph.status <> 'invalid') as has_valid_phone,
      array(select distinct f.flag from case_flags f where (f.case_id = k.id or (f.debtor_key is not null and f.debtor_key = k.id_number_bidx))
        and f.cleared_at is null and (f.until is null or f.until > ${p.endOfDay})) as flags
    from cases k join clients c on c.id = k.client_id
    where k.status = 'active' and k.id > ${p.afterId} ${p.where ? sql`and ${p.where}` : sql``}
    order by k.id limit ${p.limit}`.execute(db);
  const inputs = await loadAgingInputs(db, rows.rows.map((r) => Number(r.id)), p.day, p.zone);
  return rows.rows.map((r) => {
    const id = Number(r.id);
    const paid = inputs.paidToDate.get(id);
    const common = { asOf: p.day, pauses: inputs.pauses.get(id), graceDays: r.client_grace ?? aging.graceDays, buckets: aging.buckets };
    let aged: ReturnType<typeof ageAccount>;
    try {
      // a case with a schedule is aged from it alone, even when none of it is due yet
      aged = ageAccount({ ...common, overdueDate: inputs.schedules.has(id) ? null : r.overdue_date, installments: inputs.schedules.get(id), payments: paid ? [{ date: p.day, amount: paid }] : [] });
    } catch (e) {
      // one case's impossible data (e.g. payments summing past 2^53 fen) must not stop every case's aging:
      // that case is aged from its overdue date instead
      if (!(e instanceof RangeError)) throw e;
      aged = ageAccount({ ...common, overdueDate: r.overdue_date });
    }
    return {
      caseId: r.id, clientId: r.client_id, currency: r.currency, assignedUserId: r.assigned_user_id,
      dpd: aged.dpd, bucket: aged.bucket, outstanding: r.outstanding_amount, score: r.score, client: r.client_code,
      product: r.product, region: r.region, lastResult: r.last_result_code, ptpState: r.ptp_state,
      daysSinceContact: r.days_since_contact === null ? null : Number(r.days_since_contact), hasValidPhone: r.has_valid_phone,
      flags: [...new Set([...(r.flags ?? []), ...(r.case_flags ?? [])])].sort(),
    };
  });
}

/** Every active case's facts as of the day (ids above `afterId`), chunk by chunk. */
export async function* allFacts(db: Kysely<DB>, p: { day: string; zone: string; endOfDay: Date; chunk?: number; afterId?: number; where?: RawBuilder<SqlBool>; aging?: AgingConfig }): AsyncGenerator<CaseRow[]> {
  let afterId = p.afterId ?? 0;
  const aging = p.aging ?? (await agingSettings(db));
  for (;;) {
    const rows = await loadFactsChunk(db, { ...p, afterId, limit: p.chunk ?? 2000, aging });
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1].caseId;
  }
}
