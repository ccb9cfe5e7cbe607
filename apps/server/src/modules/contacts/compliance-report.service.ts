/**
 * Compliance report (issue 4: "blocks by rule, overrides by user, attempts per debtor per week, contacts
 * outside hours (should be zero)") over the contact records of the cases in the actor's scope whose time
 * falls in [from, to] (local dates in the system zone).
 *
 * - attempts = outbound records made or blocked; a blocked record counts each of its block reasons'
 *   rule ids once in `blocksByRule`;
 * - attempts per debtor per week: outbound made + blocked, per person (ID-number key, else the case) and
 *   ISO week of the local date; the distribution lists how many debtor-weeks had n attempts;
 * - outside hours: every made outbound record is re-checked now by the engine against its own rule set
 *   (name + version stored on the record) with an empty history and the zones of the case's province
 *   (or the rule set's default zones); a reason from one of the rule set's time windows means the contact
 *   was made outside the allowed hours (only an override could have let it through).
 */
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { ComplianceReport } from '@recova/contracts';
import { checkContact, deriveTimeZones, type Channel, type RuleSet } from '@recova/domain/compliance/index';
import type { AppContext, Actor } from '../../http/context.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { resolveRuleSet } from '../compliance/rule-sets.service.ts';

const TIMED: readonly string[] = ['call', 'sms', 'email', 'visit', 'voice_robot'];

/** Build the report for local dates `from`..`to` (inclusive). */
export async function complianceReport(ctx: AppContext, actor: Actor, from: string, to: string): Promise<ComplianceReport> {
  const zone = ctx.config.timezone;
  const start = DateTime.fromISO(from, { zone }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  const rows = await ctx.db
    .selectFrom('contact_records as r')
    .innerJoin('cases as k', 'k.id', 'r.case_id')
    .leftJoin('users as u', 'u.id', 'r.override_by')
    .select(['r.id', 'r.case_id', 'r.debtor_key', 'r.at', 'r.channel', 'r.direction', 'r.status', 'r.reasons', 'r.decision', 'r.rule_set', 'r.rule_set_version', 'r.override_by', 'u.display_name as override_name', 'k.province'])
    .where('r.at', '>=', start)
    .where('r.at', '<', end)
    .where(caseScopeSql(actor.scope, 'k'))
    .where(sql<boolean>`r.tenant_id = 1`)
    .orderBy('r.id')
    .execute();

  const outbound = rows.filter((r) => r.direction === 'outbound' && (r.status === 'made' || r.status === 'blocked'));
  const blocks = new Map<string, number>();
  for (const r of rows.filter((x) => x.status === 'blocked')) {
    for (const id of new Set(((r.reasons ?? []) as unknown as Array<{ ruleId: string }>).map((x) => x.ruleId))) blocks.set(id, (blocks.get(id) ?? 0) + 1);
  }
  const overrides = new Map<string, { userId: number | null; user: string | null; count: number }>();
  for (const r of rows.filter((x) => x.override_by !== null)) {
    const k = String(r.override_by);
    const o = overrides.get(k) ?? { userId: r.override_by, user: r.override_name, count: 0 };
    o.count++;
    overrides.set(k, o);
  }
  const weeks = new Map<string, number>();
  for (const r of outbound) {
    const d = DateTime.fromJSDate(new Date(r.at), { zone });
    const k = `${r.debtor_key ?? `case:${r.case_id}`}|${d.weekYear}-W${d.weekNumber}`;
    weeks.set(k, (weeks.get(k) ?? 0) + 1);
  }
  const dist = new Map<number, number>();
  for (const n of weeks.values()) dist.set(n, (dist.get(n) ?? 0) + 1);

  const outside: number[] = [];
  const sets = new Map<string, RuleSet | null>();
  for (const r of outbound.filter((x) => x.status === 'made' && x.rule_set && TIMED.includes(x.channel))) {
    const key = `${r.rule_set}@${r.rule_set_version ?? ''}`;
    if (!sets.has(key)) sets.set(key, await resolveRuleSet(ctx.db, r.rule_set!, r.rule_set_version ?? undefined).catch(() => null));
    const rs = sets.get(key);
    if (!rs) continue;
    const windowIds = new Set(rs.windows.map((w) => w.ruleId));
    const zones = deriveTimeZones({ region: r.province ?? undefined });
    const d = checkContact({ at: new Date(r.at).toISOString(), channel: r.channel as Channel }, [], { timeZones: zones }, rs);
    if (d.reasons.some((x) => windowIds.has(x.ruleId))) outside.push(r.id);
  }

  return {
    from, to,
    attempts: outbound.length,
    made: outbound.filter((r) => r.status === 'made').length,
    blocked: rows.filter((r) => r.status === 'blocked').length,
    blocksByRule: [...blocks].map(([ruleId, count]) => ({ ruleId, count })).sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    overridesByUser: [...overrides.values()].sort((a, b) => b.count - a.count),
    attemptsPerDebtorWeek: { distribution: [...dist].map(([attempts, debtorWeeks]) => ({ attempts, debtorWeeks })).sort((a, b) => a.attempts - b.attempts), max: Math.max(0, ...weeks.values()) },
    outsideHours: { count: outside.length, recordIds: outside.slice(0, 100) },
  };
}
