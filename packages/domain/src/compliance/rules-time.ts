/**
 * Rules about WHEN a contact may happen: time windows, the debtor's stated times, holidays, daily caps
 * and the Reg F call-frequency presumptions. Each evaluator pushes a {@link Finding} for the instant `t`
 * with the earliest instant at which that rule alone could allow (used for `nextAllowedAt`).
 *
 * Boundaries (issue 4): a window's start is allowed and its end is not (08:00:00 allowed, 21:00:00 US /
 * 22:00:00 CN blocked); days are calendar dates in the debtor's first zone, not trailing 24-hour spans.
 */
import { civilFromDays } from '../time/dates.ts';
import { ALL_DEBTS, lastAtOrBefore, withinConsent, type DebtIndex } from './history-index.ts';
import { formatTimeOfDay } from './local-time.ts';
import { inIntervals, nextOpening, unionIntervals, type Ctx, type Finding, type Interval } from './context.ts';

function uncertainty(ctx: Ctx): string {
  return ctx.zones.length > 1 ? ' (location uncertain: the time must be allowed in every zone the debtor may be in)' : '';
}

/** Zones where the local time of `t` is outside `allowed`, and the next opening over them; null when allowed everywhere. */
function outside(ctx: Ctx, t: number, allowed: Interval[]): { bad: string; next: number | null } | null {
  let bad: string | null = null;
  let next: number | null = -Infinity;
  for (const z of ctx.zones) {
    const tod = z.timeOfDayMs(t);
    if (inIntervals(allowed, tod)) continue;
    if (ctx.explain) bad = `${bad === null ? '' : `${bad}, `}${formatTimeOfDay(tod)} in ${z.name}`;
    else bad = '';
    const n = nextOpening(z, t, allowed);
    next = n === null || next === null ? null : Math.max(next, n);
  }
  return bad === null ? null : { bad, next };
}

/**
 * Time windows (CN guideline 22:00–08:00 quiet hours; Reg F §1006.6(b)(1)(i) 08:00–21:00; client
 * windows). With `debtorMayExtend`, a time the debtor asked for is allowed too (CN "unless the debtor
 * asked for that time"; Reg F "without the prior consent of the consumer given directly").
 */
export function windowRules(ctx: Ctx, t: number, out: Finding[]): void {
  const ws = ctx.crs.windows;
  for (let i = 0; i < ws.length; i++) {
    const { rule, intervals } = ws[i];
    if (!rule.channels.includes(ctx.channel)) continue;
    let allowed = intervals;
    if (rule.debtorMayExtend && ctx.prefTimes) allowed = ctx.widened[i] ??= unionIntervals([...intervals, ...ctx.prefTimes]);
    const o = outside(ctx, t, allowed);
    if (o) {
      out.push({
        ruleId: rule.ruleId, severity: rule.severity, source: rule.source, next: o.next,
        message: ctx.explain ? `${ctx.channel} at ${o.bad} is outside ${rule.start}–${rule.end} local time${uncertainty(ctx)}` : '',
      });
    }
  }
}

/** The debtor's stated times and channels (Reg F §1006.6(b)(1)(i) "known to be inconvenient"; CONC 7.9.4R). */
export function preferenceRule(ctx: Ctx, t: number, out: Finding[]): void {
  const r = ctx.crs.rs.preferences;
  if (!r) return;
  const stated = ctx.prefChannels;
  if (r.channelsOnly && stated && !stated.has(ctx.channel)) {
    out.push({ ruleId: r.ruleId, severity: r.severity, source: r.source, next: null, message: ctx.explain ? `the debtor asked to be contacted by ${[...stated].join(', ')}, not ${ctx.channel}` : '' });
  }
  if (ctx.prefTimes) {
    const o = outside(ctx, t, ctx.prefTimes);
    if (o) {
      out.push({
        ruleId: r.ruleId, severity: r.severity, source: r.source, next: o.next,
        message: ctx.explain ? `${ctx.channel} at ${o.bad} is outside the times the debtor asked for (${ctx.prefLabel})${uncertainty(ctx)}` : '',
      });
    }
  }
}

/** Optional statutory-holiday calendar (dates as data): no contact on those local dates. */
export function holidayRule(ctx: Ctx, t: number, out: Finding[]): void {
  const r = ctx.crs.rs.holidays;
  const days = ctx.crs.holidays;
  if (!r || !days || !r.channels.includes(ctx.channel)) return;
  for (const z of ctx.zones) {
    const day = z.dayKey(t);
    if (!days.has(day)) continue;
    out.push({ ruleId: r.ruleId, severity: r.severity, source: r.source, next: z.instantOf(day + 1, 0), message: ctx.explain ? `${civilFromDays(day)} is a holiday in the rule set's calendar (${z.name})` : '' });
    return;
  }
}

/** CN caps per local day: unanswered calls per phone number, connected voice-robot reminders per debtor. */
export function dailyCapRules(ctx: Ctx, t: number, out: Finding[]): void {
  const rs = ctx.crs.rs;
  const day = ctx.primary.dayKey(t);
  const cap = ctx.channel === 'call' ? rs.perPhoneUnansweredCallsPerDay : null;
  if (cap) {
    const n = ctx.idx.unansweredByPhoneDay.get(ctx.phone)?.get(day) ?? 0;
    if (n >= cap.max) {
      out.push({
        ruleId: cap.ruleId, severity: 'block', source: cap.source, next: ctx.primary.instantOf(day + 1, 0),
        message: ctx.explain ? `${n} unanswered calls to phone ${ctx.phone ? `"${ctx.phone}"` : '(no label)'} on ${civilFromDays(day)} (max ${cap.max} per phone per day)` : '',
      });
    }
  }
  const robot = ctx.channel === 'voice_robot' && ctx.party !== 'third_party' ? rs.voiceRobotConnectedPerDay : null;
  if (robot) {
    const n = ctx.idx.robotConnectedByDay.get(day) ?? 0;
    if (n >= robot.max) {
      out.push({
        ruleId: robot.ruleId, severity: 'block', source: robot.source, next: ctx.primary.instantOf(day + 1, 0),
        message: ctx.explain ? `${n} connected automated voice reminders on ${civilFromDays(day)} (max ${robot.max} per debtor per day)` : '',
      });
    }
  }
}

function count(d: DebtIndex | undefined, all: DebtIndex | undefined, day: number): number {
  return (d?.callsByDay.get(day) ?? 0) + (all?.callsByDay.get(day) ?? 0);
}

/** How far ahead {@link fullWindow} looks for a free day (the nextAllowedAt search continues from there). */
const FREE_DAY_LOOKAHEAD = 64;

/**
 * The first window of `W` days containing `day` that cannot take one more call, with its count and the
 * first later day whose windows all can (from prefix sums of the daily counts); null when `day` is free.
 */
function fullWindow(d: DebtIndex | undefined, all: DebtIndex | undefined, day: number, W: number, max: number): { from: number; n: number; freeDay: number } | null {
  const lo = day - W + 1;
  const len = 2 * W - 1 + FREE_DAY_LOOKAHEAD + W;
  const pre = new Array<number>(len + 1);
  pre[0] = 0;
  for (let i = 0; i < len; i++) pre[i + 1] = pre[i] + count(d, all, lo + i);
  // sum of the window starting on day s = pre[s - lo + W] - pre[s - lo]
  let from = NaN;
  for (let s = day - W + 1; s <= day; s++) {
    if (pre[s - lo + W] - pre[s - lo] + 1 > max) {
      from = s;
      break;
    }
  }
  if (from !== from) return null;
  let freeDay = day + 1;
  for (; freeDay < day + FREE_DAY_LOOKAHEAD; freeDay++) {
    let ok = true;
    for (let s = freeDay - W + 1; s <= freeDay && ok; s++) if (pre[s - lo + W] - pre[s - lo] + 1 > max) ok = false;
    if (ok) break;
  }
  return { from, n: pre[from - lo + W] - pre[from - lo], freeDay };
}

function lastConversation(d: DebtIndex | undefined, t: number): number {
  if (!d) return -Infinity;
  const i = lastAtOrBefore(d.conversations, t);
  return i < 0 ? -Infinity : d.conversations[i];
}

/**
 * Reg F §1006.14(b)(2)(i), per debt: (A) more than `maxCalls` calls in `windowDays` consecutive local
 * dates — checked over every window that contains the attempt's date, so later history counts too;
 * (B) a call within `quietDays` of a telephone conversation about the debt (its date = day 1).
 * §1006.14(b)(3)(i): within `consentDays` of a consumer's request to be called, the attempt is exempt.
 */
export function callFrequencyRule(ctx: Ctx, t: number, out: Finding[]): void {
  const r = ctx.crs.rs.callFrequency;
  if (!r || (ctx.channel !== 'call' && ctx.channel !== 'voice_robot') || ctx.party === 'third_party') return;
  const z = ctx.primary;
  const day = z.dayKey(t);
  const W = r.windowDays;
  for (const debt of ctx.debts) {
    const d = ctx.idx.debts.get(debt);
    const all = debt === ALL_DEBTS ? undefined : ctx.idx.debts.get(ALL_DEBTS);
    if ((d && withinConsent(d, t, day, z, r.consentDays)) || (all && withinConsent(all, t, day, z, r.consentDays))) continue;
    const label = debt === ALL_DEBTS ? 'all debts' : `debt ${debt}`;
    if (d || all) {
      const full = fullWindow(d, all, day, W, r.maxCalls);
      if (full) {
        out.push({
          ruleId: r.attempts.ruleId, severity: 'block', source: r.attempts.source, next: z.instantOf(full.freeDay, 0),
          message: ctx.explain ? `${label}: ${full.n} calls already counted on ${civilFromDays(full.from)}…${civilFromDays(full.from + W - 1)}; one more exceeds ${r.maxCalls} calls in ${W} consecutive days` : '',
        });
      }
    }
    const c = Math.max(lastConversation(d, t), lastConversation(all, t));
    if (c > -Infinity) {
      const cDay = z.dayKey(c);
      if (day - cDay < r.quietDays) {
        out.push({
          ruleId: r.afterConversation.ruleId, severity: 'block', source: r.afterConversation.source, next: z.instantOf(cDay + r.quietDays, 0),
          message: ctx.explain ? `${label}: telephone conversation on ${civilFromDays(cDay)} (day 1 of ${r.quietDays}); calls may resume on ${civilFromDays(cDay + r.quietDays)}` : '',
        });
      }
    }
  }
}
