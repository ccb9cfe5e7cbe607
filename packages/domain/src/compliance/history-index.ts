/**
 * One pass over a debtor's contact history into the counters the rules ask for, so a check never scans
 * the history again (no O(n²)): every entry's time is parsed once and turned into a local day key of
 * the debtor's first zone once. An index can be reused for many checks of the same debtor (a dialer
 * asking for every phone, a workbench), which is what makes 100k checks/s on 1,000-entry histories
 * possible; {@link checkContact} builds one itself when given a plain array.
 *
 * Classification (sources cited where the rule that uses it lives):
 * - a call (channel `call` or `voice_robot`, outbound) is *not connected* when busy / not in service /
 *   failed (Reg F §1006.14(b)(3)(ii)); it is *unanswered* (CN cap) when no_answer, busy, not_in_service,
 *   voicemail or failed;
 * - a *telephone conversation* with the debtor is a `call` entry (either direction) whose outcome is
 *   conversation, debtor_requested_contact, cease_request, dispute or opt_out;
 * - entries without `debtIds` concern every debt (kept under the key {@link ALL_DEBTS}).
 */
import { parseInstant, type ZoneClock } from './local-time.ts';
import type { FlagName, HistoryEntry, Outcome } from './types.ts';

/** Key of the per-debt bucket for entries that name no debt (they count for every debt). */
export const ALL_DEBTS = '';

const NOT_CONNECTED: ReadonlySet<Outcome> = new Set(['busy', 'not_in_service', 'failed']);
const UNANSWERED: ReadonlySet<Outcome> = new Set(['no_answer', 'busy', 'not_in_service', 'voicemail', 'failed']);
const CONVERSATIONAL: ReadonlySet<Outcome> = new Set(['conversation', 'debtor_requested_contact', 'cease_request', 'dispute', 'opt_out']);
const DELIVERED: ReadonlySet<Outcome> = new Set(['sent', 'delivered']);

/** Per-debt counters (Reg F §1006.14(b) and §1006.34). Arrays of instants are sorted ascending. */
export interface DebtIndex {
  /** Counted calls (connected, to the debtor, not placed with consent) per local day key. */
  callsByDay: Map<number, number>;
  /** Instants of telephone conversations about the debt. */
  conversations: number[];
  /** Instants at which the consumer asked to be called (§1006.14(b)(3)(i)). */
  consents: number[];
  /** First communication with the debtor about the debt, or +Infinity. */
  firstCommunication: number;
  /** First letter or email sent about the debt (a possible validation notice), or +Infinity. */
  firstNotice: number;
}

/** A flag implied by the history (a cease request, a dispute, an opt-out) from the entry's instant on. */
export interface HistoryEvent {
  flag: FlagName;
  at: number;
}

/** The indexed history of one debtor, tied to the zone its day keys were computed in. */
export interface HistoryIndex {
  readonly zone: string;
  readonly size: number;
  /** Length of a consent period used when counting calls (§1006.14(b)(3)(i)). */
  readonly consentDays: number;
  /** Unanswered outbound calls per phone label, then per local day key (CN per-phone cap). */
  readonly unansweredByPhoneDay: Map<string, Map<number, number>>;
  /** Connected outbound voice-robot calls to the debtor per local day key (CN robot cap). */
  readonly robotConnectedByDay: Map<number, number>;
  readonly debts: Map<string, DebtIndex>;
  /** Right-party contacts (conversations with the debtor, any channel). */
  readonly debtorContacts: number[];
  /** Failed outbound attempts to reach the debtor (unanswered calls, failed messages). */
  readonly failedDebtorAttempts: number[];
  /** Earliest third-party objection per phone label. */
  readonly thirdPartyObjections: Map<string, number>;
  /** Conversations with third parties per phone label. */
  readonly thirdPartyConversations: Map<string, number[]>;
  readonly events: HistoryEvent[];
}

function debt(map: Map<string, DebtIndex>, key: string): DebtIndex {
  let d = map.get(key);
  if (!d) {
    d = { callsByDay: new Map(), conversations: [], consents: [], firstCommunication: Infinity, firstNotice: Infinity };
    map.set(key, d);
  }
  return d;
}

function sortAsc(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    if (a[i] < a[i - 1]) {
      a.sort((x, y) => x - y);
      return;
    }
  }
}

/** Index of the last element ≤ `v` in a sorted array, or -1. */
export function lastAtOrBefore(sorted: number[], v: number): number {
  let lo = 0, hi = sorted.length - 1, r = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) {
      r = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return r;
}

function keysOf(e: HistoryEntry): readonly string[] {
  return e.debtIds && e.debtIds.length > 0 ? e.debtIds : [ALL_DEBTS];
}

/**
 * Index a history for the zone `clock` (the debtor's first zone). Throws RangeError naming the entry
 * when an `at` is not an ISO instant with an offset.
 */
export function indexHistory(history: readonly HistoryEntry[], clock: ZoneClock, consentDays = 7): HistoryIndex {
  const n = history.length;
  const ms = new Float64Array(n);
  const days = new Int32Array(n);
  const debts = new Map<string, DebtIndex>();
  const idx: HistoryIndex = {
    zone: clock.name, size: n, consentDays, unansweredByPhoneDay: new Map(), robotConnectedByDay: new Map(), debts,
    debtorContacts: [], failedDebtorAttempts: [], thirdPartyObjections: new Map(), thirdPartyConversations: new Map(), events: [],
  };
  // Pass 1: times, consents and everything that does not depend on consents.
  for (let i = 0; i < n; i++) {
    const e = history[i];
    const t = parseInstant(e.at);
    if (t !== t) throw new RangeError(`history[${i}].at: "${e.at}" is not an ISO date-time with an offset`);
    ms[i] = t;
    const day = (days[i] = clock.dayKey(t));
    const out = e.direction === 'outbound';
    const isCall = e.channel === 'call' || e.channel === 'voice_robot';
    const toDebtor = e.party !== 'third_party';
    const o = e.outcome;
    if (out && e.channel === 'call' && UNANSWERED.has(o)) {
      const phone = e.phone ?? '';
      let byDay = idx.unansweredByPhoneDay.get(phone);
      if (!byDay) idx.unansweredByPhoneDay.set(phone, (byDay = new Map()));
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    if (!toDebtor) {
      const phone = e.phone ?? '';
      if (o === 'third_party_objection') {
        const prev = idx.thirdPartyObjections.get(phone);
        if (prev === undefined || t < prev) idx.thirdPartyObjections.set(phone, t);
      }
      if (o === 'third_party_conversation' || o === 'third_party_objection') {
        const list = idx.thirdPartyConversations.get(phone);
        if (list) list.push(t);
        else idx.thirdPartyConversations.set(phone, [t]);
      }
      continue;
    }
    if (out && e.channel === 'voice_robot' && !UNANSWERED.has(o)) idx.robotConnectedByDay.set(day, (idx.robotConnectedByDay.get(day) ?? 0) + 1);
    if (CONVERSATIONAL.has(o)) idx.debtorContacts.push(t);
    else if (out && ((isCall && UNANSWERED.has(o)) || (!isCall && o === 'failed'))) idx.failedDebtorAttempts.push(t);
    if (o === 'cease_request') idx.events.push({ flag: 'cease', at: t });
    else if (o === 'dispute') idx.events.push({ flag: 'dispute', at: t });
    else if (o === 'opt_out') {
      const flag: FlagName | null = e.channel === 'sms' ? 'opt_out_sms' : e.channel === 'email' ? 'opt_out_email' : isCall ? 'do_not_call' : null;
      if (flag) idx.events.push({ flag, at: t });
    }
    const conversation = e.channel === 'call' && CONVERSATIONAL.has(o);
    const communication = CONVERSATIONAL.has(o) || (out && DELIVERED.has(o) && !isCall);
    const notice = out && DELIVERED.has(o) && (e.channel === 'letter' || e.channel === 'email');
    if (!conversation && !communication && !notice && o !== 'debtor_requested_contact') continue;
    for (const key of keysOf(e)) {
      const d = debt(debts, key);
      if (conversation) d.conversations.push(t);
      if (o === 'debtor_requested_contact') d.consents.push(t);
      if (communication && t < d.firstCommunication) d.firstCommunication = t;
      if (notice && t < d.firstNotice) d.firstNotice = t;
    }
  }
  for (const d of debts.values()) {
    sortAsc(d.conversations);
    sortAsc(d.consents);
  }
  sortAsc(idx.debtorContacts);
  sortAsc(idx.failedDebtorAttempts);
  for (const l of idx.thirdPartyConversations.values()) sortAsc(l);
  // Pass 2: counted calls per debt and day, minus calls placed within a consent period.
  const all = debts.get(ALL_DEBTS);
  for (let i = 0; i < n; i++) {
    const e = history[i];
    if (e.direction !== 'outbound' || e.party === 'third_party' || (e.channel !== 'call' && e.channel !== 'voice_robot') || NOT_CONNECTED.has(e.outcome)) continue;
    for (const key of keysOf(e)) {
      const d = debt(debts, key);
      if ((d.consents.length > 0 && withinConsent(d, ms[i], days[i], clock, consentDays)) || (key !== ALL_DEBTS && all && all.consents.length > 0 && withinConsent(all, ms[i], days[i], clock, consentDays))) continue;
      d.callsByDay.set(days[i], (d.callsByDay.get(days[i]) ?? 0) + 1);
    }
  }
  return idx;
}

/** True when a consent given at or before `t` has `day` within its `consentDays` (its own date = day 1). */
export function withinConsent(d: DebtIndex, t: number, day: number, clock: ZoneClock, consentDays: number): boolean {
  const i = lastAtOrBefore(d.consents, t);
  return i >= 0 && day - clock.dayKey(d.consents[i]) < consentDays;
}
