/**
 * Case queries. Every query takes the actor's data scope (a collector sees only their own cases, a
 * team lead their team's, a client viewer their client's). DPD and bucket are computed as of a
 * given day from `overdue_date` (the first missed due date): DPD = asOf − overdue_date in days.
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { CaseFilter } from '@recova/contracts';
import { dpdRangeOfBucket } from '@recova/domain/aging/aging';
import type { DB } from '../../db/schema.ts';
import type { Scope } from '../auth/scope.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import type { Kysely } from 'kysely';
import { parsePhone } from '@recova/domain/contact-points/phone';
import type { PiiCipher } from '../../platform/crypto.ts';
import { lookupBidx } from '../security/pii.ts';
import { FULL_ID_NUMBER, NUMBER_LIKE, PHONE_OR_CARD, searchDigits, shownCaseId, type NameMatch } from '@recova/domain/identity/search-guard';

type EB = ExpressionBuilder<DB & { c: DB['cases'] }, 'c'>;

/** SQL condition restricting cases (alias `c`) to a scope (the rule lives in access/scope.sql.ts). */
export function scopeCondition(_eb: EB, scope: Scope): Expression<SqlBool> {
  return caseScopeSql(scope, 'c');
}

/** `YYYY-MM-DD` minus n days (calendar, UTC arithmetic on a date with no zone). */
export function minusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/**
 * SQL condition for a list filter as of `today`. `nameMatch` = how `q` matches debtor names: `exact`
 * (the default, for users who see names masked) or `substring` (users with `cases.reveal`; ADR 0012).
 */
export function filterCondition(eb: EB, f: CaseFilter, today: string, pii: PiiCipher, nameMatch: NameMatch = 'exact'): Expression<SqlBool> {
  const conds: Expression<SqlBool>[] = [];
  if (f.clientId) conds.push(eb('c.client_id', '=', f.clientId));
  if (f.batchId) conds.push(eb('c.batch_id', '=', f.batchId));
  if (f.status) conds.push(eb('c.status', '=', f.status));
  if (f.region) conds.push(eb.or([eb('c.region', '=', f.region), eb('c.province', '=', f.region), eb('c.city', '=', f.region)]));
  if (f.assignedUserId !== undefined) conds.push(f.assignedUserId === 0 ? eb('c.assigned_user_id', 'is', null) : eb('c.assigned_user_id', '=', f.assignedUserId));
  if (f.amountMin !== undefined) conds.push(eb('c.placed_amount', '>=', f.amountMin));
  if (f.amountMax !== undefined) conds.push(eb('c.placed_amount', '<=', f.amountMax));
  // DPD range → overdue_date range: dpd ≥ a ⇔ overdue_date ≤ today − a
  let lo = f.dpdMin;
  let hi = f.dpdMax;
  if (f.bucket) {
    const r = dpdRangeOfBucket(f.bucket);
    if (!r) conds.push(sql<SqlBool>`false`);
    else {
      lo = r.min === null ? lo : Math.max(lo ?? r.min, r.min);
      hi = r.max === null || r.max === undefined ? hi : Math.min(hi ?? r.max, r.max);
    }
  }
  if (lo !== undefined && lo > 0) conds.push(eb('c.overdue_date', '<=', minusDays(today, lo)));
  if (hi !== undefined) conds.push(eb('c.overdue_date', '>=', minusDays(today, hi)));
  if (lo !== undefined || hi !== undefined) conds.push(eb('c.overdue_date', 'is not', null));
  if (f.q && f.q.trim()) conds.push(sql<SqlBool>`c.id in (${searchIds(f.q.trim(), pii, nameMatch)})`);
  return conds.length ? eb.and(conds) : sql<SqlBool>`true`;
}

/**
 * Ids of the cases a search text `q` matches, as one `union` of per-type lookups so each uses its own
 * index (an OR of them in one WHERE would scan every case): the client case reference (exact); the
 * ID number, card and phone through their blind indexes (exact values; ADR 0007, under every key of
 * the ring while a rotation is half done); last-4 and masked-ID forms through the masked columns; the
 * debtor name — only when `q` is not number-like (a name has letters) — by substring for `substring`,
 * else as the whole name (`exact`: a user who sees 张** must not rebuild the name one character at a
 * time from which substrings still match; ADR 0012, domain identity/search-guard.ts).
 */
export function searchIds(q: string, pii: PiiCipher, nameMatch: NameMatch = 'exact'): RawBuilder<{ id: number }> {
  const d = searchDigits(q);
  const parts: RawBuilder<unknown>[] = [sql`select r.id from cases r where r.client_case_ref = ${q}`];
  // a case imported without a client reference is shown as #<id> (cases.presenter.ts): that finds it too
  const shownId = shownCaseId(q);
  if (shownId !== null) parts.push(sql`select h.id from cases h where h.id = ${shownId}`);
  if (!NUMBER_LIKE.test(d)) {
    parts.push(nameMatch === 'substring'
      ? sql`select n.id from cases n where n.debtor_name like ${`%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`}`
      : sql`select n.id from cases n where n.debtor_name = ${q}`);
  }
  const inList = (col: string, values: string[]) => { if (values.length) parts.push(sql`select i.id from cases i where ${sql.ref(`i.${col}`)} in (${sql.join(values)})`); };
  if (FULL_ID_NUMBER.test(d)) inList('id_number_bidx', lookupBidx(pii, 'cases.id_number', d));
  if (/^\d{3}[\dX]$/.test(d)) {
    parts.push(sql`select l.id from cases l where right(l.id_number_masked, 4) = ${d}`);
    parts.push(sql`select l.id from cases l where right(l.card_number_masked, 4) = ${d}`);
  }
  // a masked ID as shown in lists, e.g. 110101********4514
  const masked = /^(\d{6})\*{4,12}(\d{3}[\dX])$/.exec(d);
  if (masked) parts.push(sql`select m.id from cases m where m.id_number_masked like ${`${masked[1]}%`} and right(m.id_number_masked, 4) = ${masked[2]}`);
  if (PHONE_OR_CARD.test(d)) {
    const mobile = d.replace(/^(0086|86)(1\d{10})$/, '$2');
    const forms = new Set([mobile, q]);
    const parsed = parsePhone({ t: 's', v: q });
    if (parsed.ok && parsed.value) forms.add(parsed.value);
    const idx = [...forms].flatMap((v) => lookupBidx(pii, 'case_phones.number', v));
    if (idx.length) parts.push(sql`select p.case_id as id from case_phones p where p.number_bidx in (${sql.join(idx)})`);
    inList('card_number_bidx', lookupBidx(pii, 'cases.card_number', d));
  }
  return sql<{ id: number }>`${sql.join(parts, sql` union `)}`;
}

/** Base query: cases visible to `scope` matching `filter`, joined with client, batch and assignee. */
export function scopedCases(db: Kysely<DB>, scope: Scope, filter: CaseFilter, today: string, pii: PiiCipher, nameMatch: NameMatch = 'exact') {
  return db
    .selectFrom('cases as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .innerJoin('batches as b', 'b.id', 'c.batch_id')
    .leftJoin('users as u', 'u.id', 'c.assigned_user_id')
    .where((eb) => eb.and([scopeCondition(eb as unknown as EB, scope), filterCondition(eb as unknown as EB, filter, today, pii, nameMatch)]));
}

/** Cases (alias `c`, no joins) visible to `scope` matching `filter`: for a page of ids or a count. */
export function scopedCaseRows(db: Kysely<DB>, scope: Scope, filter: CaseFilter, today: string, pii: PiiCipher, nameMatch: NameMatch = 'exact') {
  return db.selectFrom('cases as c').where((eb) => eb.and([scopeCondition(eb as unknown as EB, scope), filterCondition(eb as unknown as EB, filter, today, pii, nameMatch)]));
}

/** Days from overdue date to `today` as SQL (null when no overdue date). */
export const dpdSql = (today: string) => sql<number | null>`(${today}::date - c.overdue_date)`;
