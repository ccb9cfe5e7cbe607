/**
 * Shapes of the compliance engine (issue 4). They map 1:1 to the JSON of
 * `recova compliance check FILE.json` (shared/design.md §5): a request is
 * `{ id, ruleSet, debtor, history, proposed }` and the answer is a {@link Decision} plus the request id.
 *
 * Times are ISO 8601 strings WITH an offset (`2026-03-02T09:00:00-06:00` or `…Z`); the engine
 * converts them to the debtor's local calendar dates and times of day through the IANA zones in
 * {@link DebtorProfile.timeZones} (Luxon, never a hand-written DST rule).
 */

/** Contact channels (design.md §5). `voice_robot` = automated/pre-recorded voice call (智能语音外呼). */
export const CHANNELS = ['call', 'sms', 'email', 'letter', 'visit', 'voice_robot'] as const;
/** A contact channel, see {@link CHANNELS}. */
export type Channel = (typeof CHANNELS)[number];

/** Who started a history entry: the agency (`outbound`) or the debtor/third party (`inbound`). */
export const DIRECTIONS = ['outbound', 'inbound'] as const;
/** See {@link DIRECTIONS}. */
export type Direction = (typeof DIRECTIONS)[number];

/**
 * What happened in a history entry (design.md §5).
 * - call results: `no_answer`, `busy`, `not_in_service`, `voicemail`, `conversation` (right-party
 *   contact), `third_party_conversation`;
 * - message results: `sent`, `delivered`, `failed`;
 * - events stated by the person reached (they imply a conversation when the channel is a call):
 *   `debtor_requested_contact` (consent to be called — Reg F §1006.14(b)(3)(i)), `cease_request`
 *   (§1006.6(c)), `dispute` (§1006.38), `opt_out` (of the entry's channel — §1006.6(e), §1006.14(h)),
 *   `third_party_objection` (the third party asked not to be contacted again).
 */
export const OUTCOMES = [
  'no_answer', 'busy', 'not_in_service', 'voicemail', 'conversation', 'third_party_conversation',
  'sent', 'delivered', 'failed', 'debtor_requested_contact', 'cease_request', 'dispute', 'opt_out', 'third_party_objection',
] as const;
/** See {@link OUTCOMES}. */
export type Outcome = (typeof OUTCOMES)[number];

/** Party of a history entry (design.md §5). */
export const HISTORY_PARTIES = ['debtor', 'third_party'] as const;
/** See {@link HISTORY_PARTIES}. */
export type HistoryParty = (typeof HISTORY_PARTIES)[number];

/** Party of a proposed contact. A guarantor (担保人) is treated like the debtor (an obligor). */
export const PARTIES = ['debtor', 'guarantor', 'third_party'] as const;
/** See {@link PARTIES}. */
export type Party = (typeof PARTIES)[number];

/**
 * Why a contact is made: `collection` (general collection contact), `payment_request` (asking for
 * payment), `locate` (asking a third party for the debtor's contact details — Reg F §1006.10),
 * `relay_message` (asking a third party to pass on a request to call back).
 */
export const PURPOSES = ['collection', 'payment_request', 'locate', 'relay_message'] as const;
/** See {@link PURPOSES}. */
export type Purpose = (typeof PURPOSES)[number];

/**
 * Person/case flags that stop or limit contact (issue 4): cease communication, dispute, deceased,
 * bankruptcy, legal hold, vulnerable customer, breathing-space moratorium, per-channel opt-outs,
 * do-not-call and an open complaint. What each flag does is data in the rule set ({@link FlagRule}).
 */
export const FLAGS = [
  'cease', 'dispute', 'deceased', 'bankruptcy', 'legal_hold', 'vulnerable', 'breathing_space',
  'opt_out_sms', 'opt_out_email', 'do_not_call', 'complaint_open',
] as const;
/** See {@link FLAGS}. */
export type FlagName = (typeof FLAGS)[number];

/**
 * A flag with who set it and when (all optional). `setAt`/`until` are ISO instants with offset:
 * the flag applies from `setAt` (inclusive) until `until` (exclusive). A `breathing_space` flag
 * with `setAt` and no `until` ends after the rule set's moratorium length (60 days, SI 2020/1311).
 * `phone` limits a `do_not_call` flag to one phone label (do-not-contact per phone).
 */
export interface DebtorFlag {
  flag: FlagName;
  setBy?: string;
  setAt?: string;
  until?: string;
  phone?: string;
}

/**
 * A time or channel the debtor asked for: `{ channel: 'call', notBefore: '14:00', notAfter: '20:00' }`
 * = "call me between 14:00 and 20:00 my local time" (end exclusive, like every window here;
 * `notBefore` > `notAfter` crosses midnight). Without `channel` it applies to every channel. Without
 * times it states a channel the debtor wants to be contacted by (`{ channel: 'email' }`): a rule set
 * whose preference rule has `channelsOnly` then blocks the channels not so stated.
 */
export interface ContactPreference {
  channel?: Channel;
  notBefore?: string;
  notAfter?: string;
}

/**
 * What the engine knows about the debtor. `timeZones` are the IANA zones the debtor may be in (from
 * address and phones, see `zones.ts`); several zones = location uncertain, and a time rule must hold
 * in every one of them (Reg F §1006.6(b)(1)(i) and its commentary). The first zone is the one used for
 * calendar-day counting and for `nextAllowedAt`. Empty = unknown: the rule set's `defaultTimeZones`.
 */
export interface DebtorProfile {
  timeZones: string[];
  contactPreferences?: ContactPreference[];
  flags?: Array<FlagName | DebtorFlag>;
}

/** One past contact or event (design.md §5). Missing `debtIds` = about every debt of the debtor. */
export interface HistoryEntry {
  at: string;
  channel: Channel;
  direction: Direction;
  outcome: Outcome;
  debtIds?: string[];
  party?: HistoryParty;
  phone?: string;
}

/**
 * The contact about to be made (design.md §5 `proposed`). `at` may be omitted when the caller passes
 * `now` to {@link checkContact}. Defaults: `debtIds` [] (= every debt in the history), `party`
 * 'debtor', `purpose` 'collection', `disclosesDebt` false.
 */
export interface ContactAttempt {
  at?: string;
  channel: Channel;
  debtIds?: string[];
  party?: Party;
  phone?: string;
  purpose?: Purpose;
  disclosesDebt?: boolean;
}

/** Whether a finding stops the contact (`block`) or only asks for care (`warn`). */
export type Severity = 'block' | 'warn';

/** One reason of a decision: the rule that fired, a readable message, and the rule's legal source. */
export interface Reason {
  ruleId: string;
  message: string;
  source: string;
}

/**
 * The engine's answer. `decision` is `block` when any rule blocks, `warn` when only warnings fired,
 * else `allow`; `reasons` lists every rule that fired (not only the first). `nextAllowedAt` (blocked
 * answers only) is the earliest instant, ISO with offset in the debtor's first zone, at which every
 * blocking time/frequency rule would allow; null when allowed, or when something that time does not
 * cure blocks (a flag without end, a third-party objection, a purpose/disclosure problem).
 */
export interface Decision {
  decision: 'allow' | 'block' | 'warn';
  reasons: Reason[];
  nextAllowedAt: string | null;
}

// ---------------------------------------------------------------- rule sets (data)

/** Fields every rule carries: a stable id for reports and the legal source of the rule. */
export interface RuleMeta {
  ruleId: string;
  source: string;
}

/**
 * Contact allowed only from `start` (inclusive) to `end` (exclusive), local `HH:MM` in every candidate
 * zone of the debtor, on `channels`. `debtorMayExtend`: a time the debtor asked for
 * ({@link ContactPreference}) is allowed even outside the window (CN: "unless the debtor asked for that
 * time"; Reg F §1006.6(b)(1): "without the prior consent of the consumer").
 */
export interface TimeWindowRule extends RuleMeta {
  start: string;
  end: string;
  channels: Channel[];
  severity: Severity;
  debtorMayExtend: boolean;
}

/** Honour the debtor's stated times (and, with `channelsOnly`, stated channels). */
export interface PreferenceRule extends RuleMeta {
  severity: Severity;
  channelsOnly: boolean;
}

/** At most `max` per local calendar day (debtor's first zone). */
export interface DailyCapRule extends RuleMeta {
  max: number;
}

/**
 * Reg F §1006.14(b)(2)(i) per debt: (A) `attempts` — at most `maxCalls` counted calls in any
 * `windowDays` consecutive local calendar days; (B) `afterConversation` — no call within `quietDays`
 * days after a telephone conversation about the debt (the conversation's date is day 1); calls the
 * consumer asked for are neither counted nor limited for `consentDays` days from the request (the
 * request's date is day 1, §1006.14(b)(3)(i)).
 */
export interface CallFrequencyRule {
  maxCalls: number;
  windowDays: number;
  quietDays: number;
  consentDays: number;
  attempts: RuleMeta;
  afterConversation: RuleMeta;
}

/**
 * Contacts with third parties. `minFailedDebtorAttempts`: only after that many failed attempts to
 * reach the debtor since the last right-party contact; `purposes`: allowed purposes; disclosing the
 * debt is blocked; `maxConversationsPerParty`: conversations with the same third party (per phone
 * label), null = unlimited; after a `third_party_objection` that party is never contacted again.
 */
export interface ThirdPartyRule extends RuleMeta {
  minFailedDebtorAttempts: number;
  purposes: Purpose[];
  maxConversationsPerParty: number | null;
}

/**
 * What a flag does: `severity` on contacts limited to `channels` / `purposes` / `parties` (absent =
 * all). `moratoriumDays`: a flag with `setAt` and no `until` ends that many days later.
 */
export interface FlagRule extends RuleMeta {
  flag: FlagName;
  severity: Severity;
  message: string;
  channels?: Channel[];
  purposes?: Purpose[];
  parties?: Party[];
  moratoriumDays?: number;
}

/** Statutory holidays (local dates `YYYY-MM-DD`, data — e.g. from the State Council notice each year). */
export interface HolidayRule extends RuleMeta {
  dates: string[];
  severity: Severity;
  channels: Channel[];
}

/** Warn when no validation notice (a letter/email about the debt) is recorded within `businessDays` of the first communication. */
export interface ValidationNoticeRule extends RuleMeta {
  businessDays: number;
}

/**
 * A rule set is data (issue 4: editable by admins, versioned). Every rule that is present applies;
 * `null` = not part of this rule set. Presets: `presets.ts` (CN, US, UK); custom sets mix or extend them.
 */
export interface RuleSet {
  id: string;
  version: number;
  description: string;
  /** Zones assumed when the debtor's zones are unknown (a `location.unknown` warning is added). */
  defaultTimeZones: string[];
  windows: TimeWindowRule[];
  preferences: PreferenceRule | null;
  perPhoneUnansweredCallsPerDay: DailyCapRule | null;
  voiceRobotConnectedPerDay: DailyCapRule | null;
  callFrequency: CallFrequencyRule | null;
  thirdParty: ThirdPartyRule | null;
  flags: FlagRule[];
  holidays: HolidayRule | null;
  validationNotice: ValidationNoticeRule | null;
}
