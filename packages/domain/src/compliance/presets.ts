/**
 * Rule-set presets as data (issue 4): CN, US (Regulation F, 12 CFR 1006) and UK (FCA CONC 7), plus
 * helpers to build custom sets that extend a preset with stricter values. Every rule carries its
 * source; where a number comes from an industry guideline rather than a statute, the source says so,
 * and where the law gives no number (UK) the rule is a warning or an internal convention.
 */
import type { Channel, FlagRule, RuleSet, Severity, TimeWindowRule } from './types.ts';

const CONTACT: Channel[] = ['call', 'sms', 'email', 'visit', 'voice_robot'];
const VOICE: Channel[] = ['call', 'voice_robot'];
const PERSON = ['debtor', 'guarantor'] as const;

const CN_GUIDELINES = 'CIFA (中国互联网金融协会) collection guideline 2024; CBA (中国银行业协会) credit-card collection guideline 2026';

function flag(ruleId: string, f: FlagRule['flag'], severity: Severity, message: string, source: string, extra: Partial<FlagRule> = {}): FlagRule {
  return { ruleId, flag: f, severity, message, source, ...extra };
}

/** Options of {@link cnRuleSet}. */
export interface CnOptions {
  /** Failed attempts to reach the debtor before a third party may be contacted (default 3). */
  thirdPartyAfterFailedAttempts?: number;
  /** Statutory holidays (local `YYYY-MM-DD`) on which nothing is sent or called; default none. */
  holidays?: string[];
  holidaySeverity?: Severity;
}

/**
 * CN preset. Sources: CIFA collection guideline 2024, CBA credit-card collection guideline 2026,
 * Personal Information Protection Law (PIPL) — no contact of any kind 22:00–08:00 debtor local time
 * unless the debtor asked for that time; ≤ 6 unanswered calls per phone per day; ≤ 3 connected
 * automated voice reminders per debtor per day; third parties only when the debtor cannot be reached,
 * only to locate or relay a message, never told of the debt, never again after objecting.
 */
export function cnRuleSet(o: CnOptions = {}): RuleSet {
  return {
    id: 'CN', version: 1, description: 'China: CIFA 2024 / CBA 2026 collection guidelines, PIPL',
    defaultTimeZones: ['Asia/Shanghai'],
    windows: [{ ruleId: 'cn.hours', start: '08:00', end: '22:00', channels: CONTACT, severity: 'block', debtorMayExtend: true, source: `${CN_GUIDELINES}: no collection contact 22:00–08:00 debtor local time unless the debtor asked for that time` }],
    preferences: { ruleId: 'cn.debtor-requested-times', severity: 'warn', channelsOnly: false, source: 'Internal policy: honour the times the debtor asked for' },
    perPhoneUnansweredCallsPerDay: { ruleId: 'cn.calls-per-phone-per-day', max: 6, source: `${CN_GUIDELINES}: at most 6 unanswered call attempts per phone number per day` },
    voiceRobotConnectedPerDay: { ruleId: 'cn.voice-robot-per-day', max: 3, source: `${CN_GUIDELINES}: at most 3 connected automated voice reminders per debtor per day (lender and all agencies)` },
    callFrequency: null,
    thirdParty: {
      ruleId: 'cn.third-party', minFailedDebtorAttempts: o.thirdPartyAfterFailedAttempts ?? 3, purposes: ['locate', 'relay_message'], maxConversationsPerParty: null,
      source: `${CN_GUIDELINES}: third parties only when the debtor cannot be reached, only to pass a message or ask for contact details, never told of the debt, not again after objecting; PIPL art. 10`,
    },
    flags: [
      flag('cn.cease', 'cease', 'block', 'the debtor asked not to be contacted', 'Internal policy (debtor request); PIPL art. 10', { parties: [...PERSON] }),
      flag('cn.dispute', 'dispute', 'block', 'the debt is disputed: collection is suspended until it is verified', 'Internal policy (verify disputed debts before collecting)', { purposes: ['collection', 'payment_request'] }),
      flag('cn.deceased', 'deceased', 'block', 'the debtor is deceased: deal with the heirs or the estate administrator', 'Civil Code art. 1161 (debts of the deceased are paid from the estate)', { parties: ['debtor'] }),
      flag('cn.bankruptcy', 'bankruptcy', 'block', 'bankruptcy proceedings: individual collection stops', 'Enterprise Bankruptcy Law; Shenzhen Personal Bankruptcy Regulations (2021)'),
      flag('cn.legal-hold', 'legal_hold', 'block', 'the case is under legal hold', 'Internal policy (legal hold)'),
      flag('cn.vulnerable', 'vulnerable', 'warn', 'vulnerable debtor: contact with care', 'Internal policy'),
      flag('cn.complaint-open', 'complaint_open', 'warn', 'a complaint is open on this case', 'Internal policy (complaint handling)'),
      flag('cn.do-not-call', 'do_not_call', 'block', 'the debtor asked not to be called', 'Internal policy (debtor request)', { channels: VOICE }),
      flag('cn.opt-out-sms', 'opt_out_sms', 'block', 'the debtor opted out of SMS', 'Internal policy (debtor request)', { channels: ['sms'] }),
      flag('cn.opt-out-email', 'opt_out_email', 'block', 'the debtor opted out of email', 'Internal policy (debtor request)', { channels: ['email'] }),
    ],
    holidays: o.holidays && o.holidays.length > 0
      ? { ruleId: 'cn.holidays', dates: [...o.holidays], severity: o.holidaySeverity ?? 'block', channels: CONTACT, source: 'Optional agency/client rule: no collection on statutory holidays (State Council holiday notice)' }
      : null,
    validationNotice: null,
  };
}

/**
 * US preset — Regulation F (12 CFR 1006): §1006.6(b)(1)(i) 08:00–21:00 at the consumer's location
 * (every candidate zone when uncertain); §1006.14(b)(2) 7-in-7 and 7-days-after-conversation
 * presumptions per debt, §1006.14(b)(3) exclusions; §1006.6(c) cease; §1006.6(e) and §1006.14(h)
 * opt-outs; §1006.38(d)(2) disputes; §1006.10 third parties; §1006.34 validation notice (warning).
 */
export function usRuleSet(): RuleSet {
  return {
    id: 'US', version: 1, description: 'United States: Regulation F (12 CFR 1006)',
    defaultTimeZones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    windows: [{ ruleId: 'us.hours', start: '08:00', end: '21:00', channels: CONTACT, severity: 'block', debtorMayExtend: true, source: '12 CFR 1006.6(b)(1)(i): before 8:00 a.m. and after 9:00 p.m. local time at the consumer\'s location is inconvenient' }],
    preferences: { ruleId: 'us.inconvenient-time', severity: 'block', channelsOnly: false, source: '12 CFR 1006.6(b)(1)(i): a time the debt collector knows is inconvenient to the consumer' },
    perPhoneUnansweredCallsPerDay: null,
    voiceRobotConnectedPerDay: null,
    callFrequency: {
      maxCalls: 7, windowDays: 7, quietDays: 7, consentDays: 7,
      attempts: { ruleId: 'us.calls-7-in-7', source: '12 CFR 1006.14(b)(2)(i)(A), (b)(3): more than 7 calls within 7 consecutive days about a debt' },
      afterConversation: { ruleId: 'us.call-after-conversation', source: '12 CFR 1006.14(b)(2)(i)(B), (b)(3): a call within 7 days after a telephone conversation about the debt' },
    },
    thirdParty: { ruleId: 'us.third-party', minFailedDebtorAttempts: 0, purposes: ['locate'], maxConversationsPerParty: 1, source: '12 CFR 1006.6(d), 1006.10(b)(2)–(3): third parties only for location information, without stating that the consumer owes a debt, once per person' },
    flags: [
      flag('us.cease', 'cease', 'block', 'the consumer asked the debt collector to cease communication', '12 CFR 1006.6(c)(1)', { parties: [...PERSON] }),
      flag('us.dispute', 'dispute', 'block', 'the debt is disputed: collection stops until verification is provided', '12 CFR 1006.38(d)(2)(i)', { purposes: ['collection', 'payment_request'] }),
      flag('us.deceased', 'deceased', 'block', 'the consumer is deceased: communicate only with the estate\'s executor, administrator or personal representative', '12 CFR 1006.6(a)(4)', { parties: ['debtor'] }),
      flag('us.bankruptcy', 'bankruptcy', 'block', 'bankruptcy automatic stay', '11 U.S.C. §362(a)(6)'),
      flag('us.legal-hold', 'legal_hold', 'block', 'the account is under legal hold', 'Internal policy (legal hold)'),
      flag('us.vulnerable', 'vulnerable', 'warn', 'vulnerable consumer: contact with care', 'Internal policy'),
      flag('us.complaint-open', 'complaint_open', 'warn', 'a complaint is open on this account', 'Internal policy (complaint handling)'),
      flag('us.do-not-call', 'do_not_call', 'block', 'the consumer asked not to be called', '12 CFR 1006.14(h)(1): a medium the consumer asked the debt collector not to use', { channels: VOICE }),
      flag('us.opt-out-sms', 'opt_out_sms', 'block', 'the consumer opted out of text messages', '12 CFR 1006.6(e), 1006.14(h)(1)', { channels: ['sms'] }),
      flag('us.opt-out-email', 'opt_out_email', 'block', 'the consumer opted out of email', '12 CFR 1006.6(e), 1006.14(h)(1)', { channels: ['email'] }),
    ],
    holidays: null,
    validationNotice: { ruleId: 'us.validation-notice', businessDays: 5, source: '12 CFR 1006.34(a)(1)(i): validation information within 5 days (excluding weekends and legal public holidays) after the initial communication' },
  };
}

/** Options of {@link ukRuleSet}. */
export interface UkOptions {
  /** What a `vulnerable` flag does (default block: contact paused). */
  vulnerable?: Severity;
}

/**
 * UK preset — FCA CONC 7 has no numeric caps: honour the customer's stated times and channels
 * (CONC 7.9.4R), pause contact for vulnerable customers and mental-capacity concerns (CONC 7.2, 7.10,
 * FG21/1), no payment requests during a breathing-space moratorium (60 days, SI 2020/1311). The
 * 08:00–21:00 window is only a warning: CONC says "not at unreasonable times" without hours.
 */
export function ukRuleSet(o: UkOptions = {}): RuleSet {
  const bs = 'Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis Moratorium) (England and Wales) Regulations 2020 (SI 2020/1311) reg. 7; CONC 7.3';
  return {
    id: 'UK', version: 1, description: 'United Kingdom: FCA CONC 7',
    defaultTimeZones: ['Europe/London'],
    windows: [{ ruleId: 'uk.unreasonable-time', start: '08:00', end: '21:00', channels: CONTACT, severity: 'warn', debtorMayExtend: true, source: 'CONC 7.9.4R (no contact at unreasonable times); 08:00–21:00 is a house convention, not a CONC number' }],
    preferences: { ruleId: 'uk.customer-requests', severity: 'block', channelsOnly: true, source: 'CONC 7.9.4R: due regard to the customer\'s reasonable requests about when, where and how to be contacted' },
    perPhoneUnansweredCallsPerDay: null,
    voiceRobotConnectedPerDay: null,
    callFrequency: null,
    thirdParty: { ruleId: 'uk.third-party', minFailedDebtorAttempts: 0, purposes: ['locate', 'relay_message'], maxConversationsPerParty: null, source: 'CONC 7.9 (take reasonable steps so that third parties do not become aware of the debt)' },
    flags: [
      flag('uk.vulnerable', 'vulnerable', o.vulnerable ?? 'block', 'vulnerable customer / mental-capacity concern: contact paused for review', 'CONC 7.2.1R, CONC 7.10; FCA FG21/1 (fair treatment of vulnerable customers)', { parties: [...PERSON] }),
      flag('uk.breathing-space', 'breathing_space', 'block', 'breathing-space moratorium: no payment requests', bs, { purposes: ['payment_request'], moratoriumDays: 60 }),
      flag('uk.breathing-space-contact', 'breathing_space', 'warn', 'breathing-space moratorium: no step to collect the debt', bs, { purposes: ['collection'], moratoriumDays: 60 }),
      flag('uk.cease', 'cease', 'block', 'the customer asked not to be contacted', 'CONC 7.9.4R (customer requests about contact)', { parties: [...PERSON] }),
      flag('uk.dispute', 'dispute', 'block', 'the debt is disputed: recovery is suspended while it is investigated', 'CONC 7.14.3R', { purposes: ['collection', 'payment_request'] }),
      flag('uk.deceased', 'deceased', 'block', 'the customer is deceased: deal with the personal representative', 'Internal policy (bereavement)', { parties: ['debtor'] }),
      flag('uk.bankruptcy', 'bankruptcy', 'block', 'bankruptcy: no remedy against the bankrupt for the debt', 'Insolvency Act 1986 s.285(3)'),
      flag('uk.legal-hold', 'legal_hold', 'block', 'the account is under legal hold', 'Internal policy (legal hold)'),
      flag('uk.complaint-open', 'complaint_open', 'warn', 'a complaint is open on this account', 'FCA DISP 1 (complaint handling)'),
      flag('uk.do-not-call', 'do_not_call', 'block', 'the customer asked not to be called', 'CONC 7.9.4R', { channels: VOICE }),
      flag('uk.opt-out-sms', 'opt_out_sms', 'block', 'the customer opted out of text messages', 'CONC 7.9.4R', { channels: ['sms'] }),
      flag('uk.opt-out-email', 'opt_out_email', 'block', 'the customer opted out of email', 'CONC 7.9.4R', { channels: ['email'] }),
    ],
    holidays: null,
    validationNotice: null,
  };
}

/** The CN preset with default options (see {@link cnRuleSet}). */
export const CN_RULE_SET: RuleSet = cnRuleSet();
/** The US preset (see {@link usRuleSet}). */
export const US_RULE_SET: RuleSet = usRuleSet();
/** The UK preset with default options (see {@link ukRuleSet}). */
export const UK_RULE_SET: RuleSet = ukRuleSet();
/** Presets by name, as used by `recova compliance check` (`"ruleSet": "CN" | "US" | "UK"`). */
export const PRESET_RULE_SETS: Readonly<Record<'CN' | 'US' | 'UK', RuleSet>> = { CN: CN_RULE_SET, US: US_RULE_SET, UK: UK_RULE_SET };
