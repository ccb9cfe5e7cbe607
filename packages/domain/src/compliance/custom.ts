/**
 * Custom rule sets (issue 4: "any mix, per client — clients often impose stricter rules than the law").
 * A custom set is either a plain {@link RuleSet} literal, or a preset extended with
 * {@link extendRuleSet}, which can only make it stricter: windows are added (every window must allow),
 * caps take the lower number, third-party conditions the stricter value, flags and holidays are added.
 */
import type { Channel, RuleSet, Severity, TimeWindowRule } from './types.ts';

const CONTACT: Channel[] = ['call', 'sms', 'email', 'visit', 'voice_robot'];

/**
 * A client's stricter window, e.g. `clientWindow('client.hours', '08:00', '21:00', 'Client contract §4.2')`
 * (08:00–21:00 is common in CN contracts). The debtor's requested times do not widen it unless
 * `debtorMayExtend` is set.
 */
export function clientWindow(ruleId: string, start: string, end: string, source: string, opts: { channels?: Channel[]; debtorMayExtend?: boolean; severity?: Severity } = {}): TimeWindowRule {
  return { ruleId, start, end, source, channels: opts.channels ?? CONTACT, debtorMayExtend: opts.debtorMayExtend ?? false, severity: opts.severity ?? 'block' };
}

/** What {@link extendRuleSet} adds to or tightens in a base rule set. */
export type RuleSetExtension = Partial<Omit<RuleSet, 'id' | 'version'>> & { id: string; version?: number };

function stricter(a: Severity, b: Severity): Severity {
  return a === 'block' || b === 'block' ? 'block' : 'warn';
}

function minCap<T extends { max: number }>(a: T | null, b: T | null | undefined): T | null {
  if (!b) return a;
  if (!a) return b;
  return b.max <= a.max ? b : a;
}

/**
 * A new rule set = `base` made stricter by `ext` (the base object is not changed). Every rule of the
 * base stays in force; `ext` can only add or tighten. `defaultTimeZones` and `description` are taken
 * from `ext` when given.
 */
export function extendRuleSet(base: RuleSet, ext: RuleSetExtension): RuleSet {
  const pb = base.preferences, pe = ext.preferences;
  const fb = base.callFrequency, fe = ext.callFrequency;
  const tb = base.thirdParty, te = ext.thirdParty;
  const hb = base.holidays, he = ext.holidays;
  const vb = base.validationNotice, ve = ext.validationNotice;
  return {
    id: ext.id,
    version: ext.version ?? 1,
    description: ext.description ?? `${base.description}, extended as ${ext.id}`,
    defaultTimeZones: ext.defaultTimeZones ?? base.defaultTimeZones,
    windows: [...base.windows, ...(ext.windows ?? [])],
    preferences: pb && pe ? { ...pb, severity: stricter(pb.severity, pe.severity), channelsOnly: pb.channelsOnly || pe.channelsOnly } : (pe ?? pb),
    perPhoneUnansweredCallsPerDay: minCap(base.perPhoneUnansweredCallsPerDay, ext.perPhoneUnansweredCallsPerDay),
    voiceRobotConnectedPerDay: minCap(base.voiceRobotConnectedPerDay, ext.voiceRobotConnectedPerDay),
    callFrequency: fb && fe
      ? { ...fb, maxCalls: Math.min(fb.maxCalls, fe.maxCalls), windowDays: Math.max(fb.windowDays, fe.windowDays), quietDays: Math.max(fb.quietDays, fe.quietDays), consentDays: Math.min(fb.consentDays, fe.consentDays) }
      : (fe ?? fb),
    thirdParty: tb && te
      ? {
          ...tb,
          minFailedDebtorAttempts: Math.max(tb.minFailedDebtorAttempts, te.minFailedDebtorAttempts),
          purposes: tb.purposes.filter((p) => te.purposes.includes(p)),
          maxConversationsPerParty: tb.maxConversationsPerParty === null ? te.maxConversationsPerParty : te.maxConversationsPerParty === null ? tb.maxConversationsPerParty : Math.min(tb.maxConversationsPerParty, te.maxConversationsPerParty),
        }
      : (te ?? tb),
    flags: [...base.flags, ...(ext.flags ?? [])],
    holidays: hb && he
      ? { ...hb, dates: [...new Set([...hb.dates, ...he.dates])], severity: stricter(hb.severity, he.severity), channels: [...new Set([...hb.channels, ...he.channels])] }
      : (he ?? hb),
    validationNotice: vb && ve ? { ...vb, businessDays: Math.min(vb.businessDays, ve.businessDays) } : (ve ?? vb),
  };
}
