/**
 * The compliance engine (issue 4): `checkContact(attempt, history, debtor, ruleSet, now?) → Decision`.
 * Pure — no IO, no clock: the attempt's `at` (or `now`) is the time.
 *
 * Every rule of the rule set is evaluated and every finding is returned (not only the first): the
 * decision is `block` when any finding blocks, `warn` when only warnings fired, else `allow`. For a
 * block, `nextAllowedAt` is found by moving the instant forward to the latest "earliest allowed" of the
 * blocking findings until none blocks (a fixpoint over the time/frequency rules); it is null when a
 * blocking finding is not cured by time (a flag without end, an objection, a purpose) or when nothing
 * allows within {@link NEXT_ALLOWED_HORIZON_DAYS} days (e.g. candidate zones whose windows never overlap).
 */
import { ALL_DEBTS, indexHistory, type HistoryIndex } from './history-index.ts';
import { DAY_MS, parseInstant, zoneClock } from './local-time.ts';
import { compileRuleSet, unionIntervals, windowIntervals, type ActiveFlag, type Ctx, type Finding, type Interval } from './context.ts';
import { callFrequencyRule, dailyCapRules, holidayRule, preferenceRule, windowRules } from './rules-time.ts';
import { flagRules, thirdPartyRule, validationNoticeRule } from './rules-party.ts';
import type { Channel, ContactAttempt, Decision, DebtorFlag, DebtorProfile, HistoryEntry, Reason, RuleSet } from './types.ts';

export type { HistoryIndex } from './history-index.ts';

/** How far ahead `nextAllowedAt` is searched before answering null. */
export const NEXT_ALLOWED_HORIZON_DAYS = 400;

/** The zones the engine uses for a debtor under a rule set: the debtor's, else the rule set's defaults, else UTC. */
export function debtorZones(debtor: DebtorProfile, ruleSet: RuleSet): string[] {
  if (debtor.timeZones.length > 0) return debtor.timeZones;
  return ruleSet.defaultTimeZones.length > 0 ? ruleSet.defaultTimeZones : ['UTC'];
}

/**
 * Index a debtor's history once for many checks (same debtor, same rule set or any rule set with the
 * same consent length): pass the result to {@link checkContact} instead of the array. Throws RangeError
 * for an entry whose `at` has no offset or for an unknown zone.
 */
export function indexDebtorHistory(history: readonly HistoryEntry[], debtor: DebtorProfile, ruleSet: RuleSet): HistoryIndex {
  return indexHistory(history, zoneClock(debtorZones(debtor, ruleSet)[0]), ruleSet.callFrequency?.consentDays ?? 7);
}

function instant(text: string, what: string): number {
  const t = parseInstant(text);
  if (t !== t) throw new RangeError(`${what}: "${text}" is not an ISO date-time with an offset`);
  return t;
}

function toMs(now: Date | string | number, what: string): number {
  if (now instanceof Date) return now.getTime();
  if (typeof now === 'number') return now;
  return instant(now, what);
}

function activeFlags(debtor: DebtorProfile, ruleSet: RuleSet, idx: HistoryIndex): ActiveFlag[] {
  const out: ActiveFlag[] = [];
  for (const raw of debtor.flags ?? []) {
    const f: DebtorFlag = typeof raw === 'string' ? { flag: raw } : raw;
    const from = f.setAt ? instant(f.setAt, `flag ${f.flag}.setAt`) : -Infinity;
    let until = f.until ? instant(f.until, `flag ${f.flag}.until`) : Infinity;
    if (!f.until && from > -Infinity) {
      const days = ruleSet.flags.find((r) => r.flag === f.flag && r.moratoriumDays)?.moratoriumDays;
      if (days) until = from + days * DAY_MS;
    }
    out.push({ flag: f.flag, from, until, phone: f.flag === 'do_not_call' ? f.phone : undefined, setBy: f.setBy, setAt: f.setAt, fromHistory: false });
  }
  for (const e of idx.events) out.push({ flag: e.flag, from: e.at, until: Infinity, fromHistory: true });
  return out;
}

function preferences(debtor: DebtorProfile, channel: Channel): { times: Interval[] | null; label: string; channels: Set<Channel> | null } {
  let times: Interval[] | null = null;
  const labels: string[] = [];
  let channels: Set<Channel> | null = null;
  for (const p of debtor.contactPreferences ?? []) {
    if (p.notBefore === undefined && p.notAfter === undefined) {
      if (p.channel) (channels ??= new Set()).add(p.channel);
      continue;
    }
    if (p.channel && p.channel !== channel) continue;
    const s = p.notBefore ?? '00:00', e = p.notAfter ?? '24:00';
    (times ??= []).push(...windowIntervals(s, e, 'contact preference'));
    labels.push(`${s}–${e}`);
  }
  return { times: times && unionIntervals(times), label: labels.join(', '), channels };
}

function evaluate(ctx: Ctx, t: number, out: Finding[]): Finding[] {
  flagRules(ctx, t, out);
  windowRules(ctx, t, out);
  preferenceRule(ctx, t, out);
  holidayRule(ctx, t, out);
  dailyCapRules(ctx, t, out);
  callFrequencyRule(ctx, t, out);
  thirdPartyRule(ctx, t, out);
  validationNoticeRule(ctx, t, out);
  return out;
}

/** Earliest instant ≥ t0 at which no finding blocks, or null (see the module comment). */
function nextAllowed(ctx: Ctx, t0: number, first: Finding[]): number | null {
  const horizon = t0 + NEXT_ALLOWED_HORIZON_DAYS * DAY_MS;
  let t = t0;
  let findings = first;
  for (let i = 0; i < 1000; i++) {
    let next = -Infinity;
    for (const f of findings) {
      if (f.severity !== 'block') continue;
      if (f.next === null) return null;
      next = Math.max(next, f.next);
    }
    if (next === -Infinity) return t;
    t = Math.max(next, t + 1000);
    if (t > horizon) return null;
    findings = evaluate(ctx, t, []);
  }
  return null;
}

/**
 * Check one proposed contact against a rule set.
 *
 * @param attempt the contact about to be made; `attempt.at` is its instant (else `now`).
 * @param history the debtor's past contacts and events (any order), or an index of them from
 *   {@link indexDebtorHistory} when many checks share one history.
 * @param debtor zones, stated preferences and flags of the person contacted.
 * @param ruleSet a preset (`CN_RULE_SET`, `US_RULE_SET`, `UK_RULE_SET`) or a custom rule set.
 * @param now the instant to use when `attempt.at` is absent.
 * @throws RangeError for a time without offset, an unknown zone, or an index built for another zone.
 */
export function checkContact(attempt: ContactAttempt, history: readonly HistoryEntry[] | HistoryIndex, debtor: DebtorProfile, ruleSet: RuleSet, now?: Date | string | number): Decision {
  let t0: number;
  if (attempt.at !== undefined) t0 = instant(attempt.at, 'proposed.at');
  else if (now !== undefined) t0 = toMs(now, 'now');
  else throw new RangeError('proposed.at: missing and no "now" given');
  const crs = compileRuleSet(ruleSet);
  const zoneNames = debtorZones(debtor, ruleSet);
  const zones = zoneNames.map(zoneClock);
  const primary = zones[0];
  const consentDays = ruleSet.callFrequency?.consentDays ?? 7;
  let idx: HistoryIndex;
  if (Array.isArray(history)) idx = indexHistory(history as readonly HistoryEntry[], primary, consentDays);
  else {
    idx = history as HistoryIndex;
    if (idx.zone !== primary.name || idx.consentDays !== consentDays) throw new RangeError(`history index was built for ${idx.zone} / ${idx.consentDays} consent days, not ${primary.name} / ${consentDays}`);
  }
  const prefs = preferences(debtor, attempt.channel);
  let debts = attempt.debtIds && attempt.debtIds.length > 0 ? attempt.debtIds : [...idx.debts.keys()];
  if (debts.length === 0) debts = [ALL_DEBTS];
  const ctx: Ctx = {
    crs, channel: attempt.channel, party: attempt.party ?? 'debtor', purpose: attempt.purpose ?? 'collection', phone: attempt.phone ?? '',
    disclosesDebt: attempt.disclosesDebt ?? false, debts, zones, primary, idx, flags: activeFlags(debtor, ruleSet, idx),
    prefTimes: prefs.times, prefLabel: prefs.label, prefChannels: prefs.channels, explain: true, widened: [],
  };
  const findings: Finding[] = [];
  if (debtor.timeZones.length === 0) {
    findings.push({ ruleId: 'location.unknown', severity: 'warn', next: null, source: 'Reg F §1006.6(b)(1)(i) commentary; CN guideline ("debtor local time")', message: `debtor location unknown: assumed ${zoneNames.join(', ')}` });
  }
  evaluate(ctx, t0, findings);
  const reasons: Reason[] = findings.map(({ ruleId, message, source }) => ({ ruleId, message, source }));
  const blocked = findings.some((f) => f.severity === 'block');
  if (!blocked) return { decision: findings.length > 0 ? 'warn' : 'allow', reasons, nextAllowedAt: null };
  ctx.explain = false;
  const next = nextAllowed(ctx, t0, findings);
  return { decision: 'block', reasons, nextAllowedAt: next === null ? null : primary.format(next) };
}
