/**
 * What the compliance engine needs to judge a contact with one case's debtor, read from the database:
 * the rule set of the case's client, the debtor profile (candidate time zones from address and phones,
 * flags with who/when, stated preferences) and the contact history of the PERSON — every case with the
 * same ID-number blind index (`debtor_key`), whoever made the contact and for whichever client, because
 * caps such as "6 unanswered calls per number per day" and Reg F's 7-in-7 count per person and debt,
 * not per case or per collector.
 *
 * Phones are labelled by their number's blind index (`number_bidx`): the same number on two cases of one
 * person is one phone for the per-phone caps, and no number ever reaches the engine or the stored reasons.
 * Each case is one debt (`debtIds = [caseId]`).
 */
import { sql, type Kysely } from 'kysely';
import { deriveTimeZones, type ContactPreference, type DebtorFlag, type DebtorProfile, type FlagName, type HistoryEntry, type Outcome, type RuleSet } from '@recova/domain/compliance/index';
import type { DB } from '../../db/schema.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { notFound } from '../../http/errors.ts';
import { openColumn } from '../security/pii.ts';
import { resolveRuleSet } from '../compliance/rule-sets.service.ts';

/** How far back history is read. Longer than every window of the presets (7-day frequency, daily caps); events
 * that last (objections, requests to be contacted) are read whatever their age. */
export const HISTORY_DAYS = 90;
const LASTING_OUTCOMES: Outcome[] = ['third_party_objection', 'debtor_requested_contact', 'cease_request', 'dispute', 'opt_out'];

/** One case as the gate sees it. */
export interface GateCase {
  id: number;
  clientId: number;
  debtorKey: string | null;
  status: string;
  ruleSetName: string;
}

/** Everything one check needs; build once and reuse for several proposed contacts of the same case. */
export interface ContactContext {
  kase: GateCase;
  ruleSet: RuleSet;
  profile: DebtorProfile;
  history: HistoryEntry[];
  /** phone id of this case → label (number blind index) and candidate zones of that number */
  phones: Map<number, PhoneInfo>;
}

/** A phone of the case: its engine label (number blind index), masked number for messages, candidate zones. */
export interface PhoneInfo {
  label: string;
  /** the number's digits (no separators), to match a typed target against the phones on file */
  digits: string;
  masked: string;
  zones: string[];
  owner: string;
  status: string;
}

/** Load the case, its rule set, the debtor profile and the person's history. NOT_FOUND for an unknown case. */
export async function loadContactContext(db: Kysely<DB>, pii: PiiCipher, caseId: number, now: Date): Promise<ContactContext> {
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select(['c.id', 'c.client_id', 'c.id_number_bidx', 'c.status', 'c.province', 'c.city', 'cl.compliance_rule_set'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw notFound('case');
  const kase: GateCase = { id: row.id, clientId: row.client_id, debtorKey: row.id_number_bidx, status: row.status, ruleSetName: row.compliance_rule_set };
  const ruleSet = await resolveRuleSet(db, kase.ruleSetName);

  const phoneRows = await db.selectFrom('case_phones').select(['id', 'number', 'number_bidx', 'number_masked', 'owner', 'status']).where('case_id', '=', caseId).execute();
  const phones = new Map<number, PhoneInfo>();
  const debtorNumbers: string[] = [];
  for (const p of phoneRows) {
    const number = openColumn(pii, 'case_phones', 'number', p.number) ?? '';
    if (p.owner === 'debtor') debtorNumbers.push(number);
    phones.set(p.id, { label: p.number_bidx ?? `phone:${p.id}`, digits: phoneDigits(number), masked: p.number_masked ?? `#${p.id}`, zones: deriveTimeZones({ phones: [number] }), owner: p.owner, status: p.status });
  }
  const timeZones = deriveTimeZones({ region: row.province ?? row.city ?? undefined, phones: debtorNumbers });

  const [flags, preferences, history] = await Promise.all([loadFlags(db, kase, now), loadPreferences(db, kase), loadHistory(db, pii, kase, now)]);
  return { kase, ruleSet, profile: { timeZones, flags, contactPreferences: preferences }, history, phones };
}

/** The digits of a phone number, without a leading China country code: `+86 138-0013-8000` → `13800138000`. */
export function phoneDigits(v: string): string {
  const d = v.replace(/\D/g, '');
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}

/**
 * The engine label of a number typed as a free target (not on file): the blind index of its digits — the same
 * label a mobile on file has — so calls to one typed number are counted together and apart from other numbers.
 */
export function typedPhoneLabel(pii: PiiCipher, target: string): string {
  return pii.bidx('phone', phoneDigits(target)) ?? `tel:${phoneDigits(target).length}`;
}

/** Who the rows of a case-or-person table belong to: this case, or the person (debtor_key). */
function ownerCondition(kase: GateCase, alias: string) {
  const byCase = sql`${sql.ref(`${alias}.case_id`)} = ${kase.id}`;
  return kase.debtorKey ? sql`(${byCase} or ${sql.ref(`${alias}.debtor_key`)} = ${kase.debtorKey})` : byCase;
}

async function loadFlags(db: Kysely<DB>, kase: GateCase, now: Date): Promise<DebtorFlag[]> {
  const rows = await sql<{ flag: string; set_at: Date | string; until: Date | string | null; set_by: string | null; phone_label: string | null }>`
    select f.flag, f.set_at, f.until, u.username as set_by, p.number_bidx as phone_label
    from case_flags f left join users u on u.id = f.set_by left join case_phones p on p.id = f.phone_id
    where f.cleared_at is null and ${ownerCondition(kase, 'f')} and (f.until is null or f.until > ${now})`.execute(db);
  return rows.rows.map((r) => ({
    flag: r.flag as FlagName,
    setAt: new Date(r.set_at).toISOString(),
    ...(r.until ? { until: new Date(r.until).toISOString() } : {}),
    ...(r.set_by ? { setBy: r.set_by } : {}),
    ...(r.phone_label ? { phone: r.phone_label } : {}),
  }));
}

async function loadPreferences(db: Kysely<DB>, kase: GateCase): Promise<ContactPreference[]> {
  const rows = await sql<{ channel: string | null; not_before: string | null; not_after: string | null }>`
    select cp.channel, cp.not_before, cp.not_after from contact_preferences cp where cp.cleared_at is null and ${ownerCondition(kase, 'cp')}`.execute(db);
  return rows.rows.map((r) => ({
    ...(r.channel ? { channel: r.channel as ContactPreference['channel'] } : {}),
    ...(r.not_before ? { notBefore: r.not_before } : {}),
    ...(r.not_after ? { notAfter: r.not_after } : {}),
  }));
}

async function loadHistory(db: Kysely<DB>, pii: PiiCipher, kase: GateCase, now: Date): Promise<HistoryEntry[]> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const rows = await sql<{ case_id: number; at: Date | string; channel: string; direction: string; outcome: string; party: string; label: string | null; target: string | null }>`
    select r.case_id, r.at, r.channel, r.direction, r.outcome, r.party, p.number_bidx as label, case when r.phone_id is null then r.target end as target
    from contact_records r left join case_phones p on p.id = r.phone_id
    where ${kase.debtorKey ? sql`r.debtor_key = ${kase.debtorKey}` : sql`r.case_id = ${kase.id}`}
      and r.status in ('made', 'queued') and r.outcome is not null and r.channel <> 'other'
      and (r.at >= ${since} or r.outcome in (${sql.join(LASTING_OUTCOMES)}))
    order by r.at`.execute(db);
  return rows.rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    channel: r.channel as HistoryEntry['channel'],
    direction: r.direction as HistoryEntry['direction'],
    outcome: r.outcome as Outcome,
    debtIds: [String(r.case_id)],
    party: r.party === 'third_party' ? 'third_party' : 'debtor',
    ...(r.label ? { phone: r.label } : r.target && VOICE_OR_TEXT.has(r.channel) ? { phone: typedPhoneLabel(pii, openColumn(pii, 'contact_records', 'target', r.target) ?? '') } : {}),
  }));
}
const VOICE_OR_TEXT = new Set(['call', 'sms', 'voice_robot']);
