/**
 * Internal shapes shared by the rule evaluators: a compiled rule set (windows as intervals, holiday day
 * keys — compiled once per rule-set object), the check context, and findings. Not exported from the
 * package: the public API is `engine.ts`.
 */
import { daysFromCivil } from '../time/dates.ts';
import type { HistoryIndex } from './history-index.ts';
import { DAY_MS, parseClock, type ZoneClock } from './local-time.ts';
import type { Channel, FlagName, FlagRule, Party, Purpose, Reason, RuleSet, Severity, TimeWindowRule } from './types.ts';

/** A half-open interval of local time of day in milliseconds: [s, e). */
export interface Interval {
  s: number;
  e: number;
}

/**
 * A fired rule: a reason, its severity and, for blocks, the earliest instant it could allow (null = never
 * by waiting). The message is '' when the context does not explain (the nextAllowedAt search).
 */
export interface Finding extends Reason {
  severity: Severity;
  next: number | null;
}

/** A rule set prepared for fast evaluation. */
export interface CompiledRuleSet {
  rs: RuleSet;
  windows: { rule: TimeWindowRule; intervals: Interval[] }[];
  holidays: Set<number> | null;
  flagRules: Map<FlagName, FlagRule[]>;
}

/** A flag in force from `from` (inclusive) to `until` (exclusive), from the profile or from the history. */
export interface ActiveFlag {
  flag: FlagName;
  from: number;
  until: number;
  phone?: string;
  setBy?: string;
  setAt?: string;
  /** Implied by a history entry (a cease request, a dispute, an opt-out) rather than set on the profile. */
  fromHistory: boolean;
}

/** Everything a rule evaluator needs; `t` is passed separately so the same context serves the nextAllowedAt search. */
export interface Ctx {
  crs: CompiledRuleSet;
  channel: Channel;
  party: Party;
  purpose: Purpose;
  phone: string;
  disclosesDebt: boolean;
  /** Debts the attempt concerns (ALL_DEBTS when it names none and the history names none either). */
  debts: string[];
  zones: ZoneClock[];
  primary: ZoneClock;
  idx: HistoryIndex;
  flags: ActiveFlag[];
  /** Union of the times the debtor asked for on this channel, or null when none were stated. */
  prefTimes: Interval[] | null;
  prefLabel: string;
  /** Channels the debtor named in preferences, or null when none were named. */
  prefChannels: Set<Channel> | null;
  /** Build messages (false while searching nextAllowedAt: only severities and instants are needed). */
  explain: boolean;
  /** Window intervals widened by `prefTimes` (per window index), filled lazily. */
  widened: (Interval[] | undefined)[];
}

/** Intervals of a local window `start`–`end` (`HH:MM`, end exclusive, crossing midnight when start > end). */
export function windowIntervals(start: string, end: string, what: string): Interval[] {
  const s = parseClock(start), e = parseClock(end);
  if (s !== s || e !== e) throw new RangeError(`${what}: "${start}"–"${end}" is not a HH:MM window`);
  if (s === e) return [];
  return s < e ? [{ s: s * 60_000, e: e * 60_000 }] : [{ s: 0, e: e * 60_000 }, { s: s * 60_000, e: DAY_MS }].filter((i) => i.e > i.s);
}

/** Sorted union of intervals (overlapping or touching ones merged). */
export function unionIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.s - b.s);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.s <= last.e) last.e = Math.max(last.e, i.e);
    else out.push({ s: i.s, e: i.e });
  }
  return out;
}

/** True when the time of day `tod` (ms) is inside one of the intervals. */
export function inIntervals(list: Interval[], tod: number): boolean {
  for (let i = 0; i < list.length; i++) if (tod >= list[i].s && tod < list[i].e) return true;
  return false;
}

/** The next instant after `t` at which an interval opens in `clock`'s local time; null when there are none. */
export function nextOpening(clock: ZoneClock, t: number, list: Interval[]): number | null {
  if (list.length === 0) return null;
  const day = clock.dayKey(t);
  const tod = clock.timeOfDayMs(t);
  for (const i of list) if (i.s > tod) return clock.instantOf(day, i.s / 60_000);
  return clock.instantOf(day + 1, list[0].s / 60_000);
}

const compiled = new WeakMap<RuleSet, CompiledRuleSet>();

/** Compile (once per rule-set object) the parts of a rule set that are costly to read on every check. */
export function compileRuleSet(rs: RuleSet): CompiledRuleSet {
  let c = compiled.get(rs);
  if (c) return c;
  const flagRules = new Map<FlagName, FlagRule[]>();
  for (const r of rs.flags) flagRules.set(r.flag, [...(flagRules.get(r.flag) ?? []), r]);
  let holidays: Set<number> | null = null;
  if (rs.holidays) {
    holidays = new Set();
    for (const d of rs.holidays.dates) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
      if (!m) throw new RangeError(`${rs.holidays.ruleId}: "${d}" is not a YYYY-MM-DD date`);
      holidays.add(daysFromCivil(+m[1], +m[2], +m[3]));
    }
  }
  c = { rs, windows: rs.windows.map((rule) => ({ rule, intervals: windowIntervals(rule.start, rule.end, rule.ruleId) })), holidays, flagRules };
  compiled.set(rs, c);
  return c;
}
