/**
 * Rules about WHO may be contacted and WHY: flags (cease, dispute, deceased, bankruptcy, legal hold,
 * vulnerable, breathing space, opt-outs, do-not-call, open complaint — from the profile and from the
 * history), third-party contacts, and the Reg F validation-notice reminder. The sources are carried by
 * the rule-set data (presets.ts).
 */
import { civilFromDays } from '../time/dates.ts';
import { ALL_DEBTS, lastAtOrBefore } from './history-index.ts';
import type { ActiveFlag, Ctx, Finding } from './context.ts';

/** ` (set by …, since …, until …)` or ` (history entry of …)` for a flag's message. */
function flagNote(ctx: Ctx, f: ActiveFlag): string {
  if (f.fromHistory) return ` (history entry of ${ctx.primary.format(f.from)})`;
  const who = [f.setBy && `set by ${f.setBy}`, f.setAt && `since ${f.setAt}`, f.until < Infinity && `until ${ctx.primary.format(f.until)}`].filter(Boolean).join(', ');
  return who ? ` (${who})` : '';
}

/** Flags in force at `t` whose rule applies to this channel, purpose and party. */
export function flagRules(ctx: Ctx, t: number, out: Finding[]): void {
  for (const f of ctx.flags) {
    const rules = ctx.crs.flagRules.get(f.flag);
    if (!rules || t < f.from || t >= f.until) continue;
    if (f.phone !== undefined && f.phone !== ctx.phone) continue;
    for (const r of rules) {
      if (r.channels && !r.channels.includes(ctx.channel)) continue;
      if (r.purposes && !r.purposes.includes(ctx.purpose)) continue;
      if (r.parties && !r.parties.includes(ctx.party)) continue;
      out.push({ ruleId: r.ruleId, severity: r.severity, source: r.source, next: f.until === Infinity ? null : f.until, message: ctx.explain ? `${r.message}${flagNote(ctx, f)}` : '' });
    }
  }
}

/**
 * Third parties (CN guideline: only when the debtor cannot be reached, only to pass a message or ask
 * for contact details, never told of the debt, never again after objecting; Reg F §1006.10(b)(2)–(3),
 * §1006.6(d): location information only, no mention of the debt, once per person). Nothing here is
 * cured by waiting, so `next` is null.
 */
export function thirdPartyRule(ctx: Ctx, t: number, out: Finding[]): void {
  const r = ctx.crs.rs.thirdParty;
  if (!r || ctx.party !== 'third_party') return;
  const id = r.ruleId;
  const push = (suffix: string, message: string) => out.push({ ruleId: `${id}.${suffix}`, severity: 'block', source: r.source, next: null, message: ctx.explain ? message : '' });
  if (!r.purposes.includes(ctx.purpose)) push('purpose', `purpose "${ctx.purpose}" is not allowed with a third party (allowed: ${r.purposes.join(', ') || 'none'})`);
  if (ctx.disclosesDebt) push('disclosure', 'a third party must not be told about the debt');
  const who = ctx.phone ? `"${ctx.phone}"` : '(no phone label)';
  const objected = ctx.idx.thirdPartyObjections.get(ctx.phone);
  if (objected !== undefined && objected <= t) push('objection', `the third party ${who} objected to being contacted on ${civilFromDays(ctx.primary.dayKey(objected))}`);
  if (r.minFailedDebtorAttempts > 0) {
    const rpc = ctx.idx.debtorContacts;
    const last = lastAtOrBefore(rpc, t);
    const since = last < 0 ? -Infinity : rpc[last];
    const failed = ctx.idx.failedDebtorAttempts;
    const upTo = lastAtOrBefore(failed, t);
    const from = since === -Infinity ? 0 : lastAtOrBefore(failed, since) + 1;
    const n = Math.max(0, upTo - from + 1);
    if (n < r.minFailedDebtorAttempts) {
      push('debtor-reachable', `only ${n} failed attempt${n === 1 ? '' : 's'} to reach the debtor${since === -Infinity ? '' : ' since the last contact with the debtor'}; third parties only after ${r.minFailedDebtorAttempts}`);
    }
  }
  if (r.maxConversationsPerParty !== null) {
    const list = ctx.idx.thirdPartyConversations.get(ctx.phone);
    const n = list ? lastAtOrBefore(list, t) + 1 : 0;
    if (n >= r.maxConversationsPerParty) push('repeat', `already spoke ${n} time${n === 1 ? '' : 's'} with the third party ${who} (max ${r.maxConversationsPerParty})`);
  }
}

/** Local day key `n` business days (Monday–Friday) after `day`. Day key 0 = 1970-01-01, a Thursday. */
function addBusinessDays(day: number, n: number): number {
  let d = day;
  while (n > 0) {
    d++;
    const dow = (((d + 4) % 7) + 7) % 7; // 0 = Sunday
    if (dow !== 0 && dow !== 6) n--;
  }
  return d;
}

/**
 * Reg F §1006.34(a)(1): validation information within 5 days (excluding weekends and legal public
 * holidays) after the initial communication. Warns when no letter or email about the debt is recorded
 * and the deadline (counted without public holidays, so it may warn a day early) has passed.
 */
export function validationNoticeRule(ctx: Ctx, t: number, out: Finding[]): void {
  const r = ctx.crs.rs.validationNotice;
  if (!r || ctx.party === 'third_party') return;
  for (const debt of ctx.debts) {
    const d = ctx.idx.debts.get(debt);
    if (!d || d.firstCommunication > t || d.firstNotice <= t) continue;
    const first = ctx.primary.dayKey(d.firstCommunication);
    const deadline = addBusinessDays(first, r.businessDays);
    if (ctx.primary.dayKey(t) <= deadline) continue;
    out.push({
      ruleId: r.ruleId, severity: 'warn', source: r.source, next: null,
      message: ctx.explain ? `${debt === ALL_DEBTS ? 'all debts' : `debt ${debt}`}: first communication on ${civilFromDays(first)} and no validation notice (letter or email) recorded by ${civilFromDays(deadline)}` : '',
    });
  }
}
