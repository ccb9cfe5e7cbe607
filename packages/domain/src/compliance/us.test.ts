/**
 * US preset (Regulation F, 12 CFR 1006) — data-driven tables: {rule set, debtor location, history,
 * proposed} → decision, rule ids, nextAllowedAt. Week used: Mon 2026-01-12 … Sun 2026-01-18 (EST, -05:00);
 * DST: 2026-03-08 (spring forward) and 2026-11-01 (fall back) in America/New_York.
 */
import { describe, it } from 'vitest';
import { US_RULE_SET } from './presets.ts';
import { call, entry, expectRow, proposed, times, type Row } from './test-support.ts';
import type { DebtorProfile } from './types.ts';

const NY: DebtorProfile = { timeZones: ['America/New_York'] };
const CHI: DebtorProfile = { timeZones: ['America/Chicago'] };
/** Address in Illinois (Central) + a 212 phone (Eastern): location uncertain. */
const IL_212: DebtorProfile = { timeZones: ['America/Chicago', 'America/New_York'] };
const US = US_RULE_SET;
const day = (d: number, hhmm = '10:00') => `2026-01-${String(d).padStart(2, '0')}T${hhmm}:00-05:00`;

function table(title: string, rows: Array<Omit<Row, 'ruleSet'> & { ruleSet?: Row['ruleSet'] }>) {
  describe(title, () => {
    it.each(rows.map((r) => [r.name, { ruleSet: US, ...r }] as const))('%s', (_n, row) => {
      expectRow(row);
    });
  });
}

table('§1006.6(b)(1)(i): 08:00–21:00 local time, start allowed, end blocked', [
  { name: '07:59:59 blocked', debtor: NY, history: [], proposed: proposed('2026-01-14T07:59:59-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-14T08:00:00-05:00' },
  { name: '08:00:00 allowed', debtor: NY, history: [], proposed: proposed('2026-01-14T08:00:00-05:00'), decision: 'allow', ruleIds: [] },
  { name: '20:59:59 allowed', debtor: NY, history: [], proposed: proposed('2026-01-14T20:59:59-05:00'), decision: 'allow', ruleIds: [] },
  { name: '21:00:00 blocked until 08:00 next day', debtor: NY, history: [], proposed: proposed('2026-01-14T21:00:00-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-15T08:00:00-05:00' },
  { name: 'a text at 21:00 is blocked too', debtor: NY, history: [], proposed: proposed('2026-01-14T21:00:00-05:00', { channel: 'sms' }), decision: 'block', ruleIds: ['us.hours'] },
  { name: 'a letter is not time-limited', debtor: NY, history: [], proposed: proposed('2026-01-14T23:00:00-05:00', { channel: 'letter' }), decision: 'allow', ruleIds: [] },
  { name: 'the instant given in UTC is judged in local time (13:00Z = 08:00 EST)', debtor: NY, history: [], proposed: proposed('2026-01-14T13:00:00Z'), decision: 'allow', ruleIds: [] },
  { name: 'midnight crossing: 23:59:59 → 08:00 next day', debtor: NY, history: [], proposed: proposed('2026-01-14T23:59:59-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-15T08:00:00-05:00' },
  { name: 'midnight crossing: 00:00:00 → 08:00 same day', debtor: NY, history: [], proposed: proposed('2026-01-15T00:00:00-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-15T08:00:00-05:00' },
  { name: 'consumer asked to be called 21:00–22:00: 21:30 allowed', debtor: { ...NY, contactPreferences: [{ channel: 'call', notBefore: '21:00', notAfter: '22:00' }] }, history: [], proposed: proposed('2026-01-14T21:30:00-05:00'), decision: 'allow', ruleIds: [] },
  { name: 'consumer said only 14:00–20:00: 10:00 is known to be inconvenient', debtor: { ...NY, contactPreferences: [{ channel: 'call', notBefore: '14:00', notAfter: '20:00' }] }, history: [], proposed: proposed('2026-01-14T10:00:00-05:00'), decision: 'block', ruleIds: ['us.inconvenient-time'], nextAllowedAt: '2026-01-14T14:00:00-05:00' },
  { name: 'call-time preference does not limit emails', debtor: { ...NY, contactPreferences: [{ channel: 'call', notBefore: '14:00', notAfter: '20:00' }] }, history: [], proposed: proposed('2026-01-14T10:00:00-05:00', { channel: 'email' }), decision: 'allow', ruleIds: [] },
]);

table('DST in America/New_York (2026-03-08 spring forward, 2026-11-01 fall back)', [
  { name: 'spring: 07:59:59 EDT blocked', debtor: NY, history: [], proposed: proposed('2026-03-08T07:59:59-04:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-03-08T08:00:00-04:00' },
  { name: 'spring: 12:00Z = 08:00 EDT allowed (07:00 with a fixed -05:00)', debtor: NY, history: [], proposed: proposed('2026-03-08T12:00:00Z'), decision: 'allow', ruleIds: [] },
  { name: 'spring: Saturday 21:30 EST → Sunday 08:00 EDT', debtor: NY, history: [], proposed: proposed('2026-03-07T21:30:00-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-03-08T08:00:00-04:00' },
  { name: 'spring: 20:59:59 EDT allowed', debtor: NY, history: [], proposed: proposed('2026-03-08T20:59:59-04:00'), decision: 'allow', ruleIds: [] },
  { name: 'fall: 12:59:59Z = 07:59:59 EST blocked (08:59 with a fixed -04:00)', debtor: NY, history: [], proposed: proposed('2026-11-01T12:59:59Z'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-11-01T08:00:00-05:00' },
  { name: 'fall: 13:00Z = 08:00 EST allowed', debtor: NY, history: [], proposed: proposed('2026-11-01T13:00:00Z'), decision: 'allow', ruleIds: [] },
  { name: 'fall: Saturday 21:30 EDT → Sunday 08:00 EST', debtor: NY, history: [], proposed: proposed('2026-10-31T21:30:00-04:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-11-01T08:00:00-05:00' },
  { name: 'fall: 02:00Z Nov 2 = 21:00 EST Nov 1 blocked', debtor: NY, history: [], proposed: proposed('2026-11-02T02:00:00Z'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-11-02T08:00:00-05:00' },
  {
    name: '7 calls Mon 2026-03-02 20:00 EST: day 8 (Mar 9 08:00 EDT) allowed although < 168 hours later',
    debtor: NY, history: times(7, (i) => call(`2026-03-02T20:0${i}:00-05:00`, 'no_answer')), proposed: proposed('2026-03-09T08:00:00-04:00'), decision: 'allow', ruleIds: [],
  },
  {
    name: '… and Sun Mar 8 (day 7, the DST day) blocked until Mar 9 08:00 EDT',
    debtor: NY, history: times(7, (i) => call(`2026-03-02T20:0${i}:00-05:00`, 'no_answer')), proposed: proposed('2026-03-08T12:00:00-04:00'), decision: 'block', ruleIds: ['us.calls-7-in-7'], nextAllowedAt: '2026-03-09T08:00:00-04:00',
  },
]);

table('location uncertain: every candidate zone must be inside the window (§1006.6(b)(1)(i))', [
  { name: '08:30 Eastern = 07:30 Central → blocked until 08:00 Central', debtor: IL_212, history: [], proposed: proposed('2026-06-02T08:30:00-04:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-06-02T08:00:00-05:00' },
  { name: '09:00 Eastern = 08:00 Central → allowed', debtor: IL_212, history: [], proposed: proposed('2026-06-02T09:00:00-04:00'), decision: 'allow', ruleIds: [] },
  { name: '20:30 Central = 21:30 Eastern → blocked until 08:00 Central next day', debtor: IL_212, history: [], proposed: proposed('2026-06-02T20:30:00-05:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-06-03T08:00:00-05:00' },
  { name: '19:59 Central = 20:59 Eastern → allowed', debtor: IL_212, history: [], proposed: proposed('2026-06-02T19:59:00-05:00'), decision: 'allow', ruleIds: [] },
  { name: 'unknown location: warned, continental zones assumed (08:30 Eastern = 05:30 Pacific)', debtor: { timeZones: [] }, history: [], proposed: proposed('2026-06-02T08:30:00-04:00'), decision: 'block', ruleIds: ['location.unknown', 'us.hours'], nextAllowedAt: '2026-06-02T11:00:00-04:00' },
]);

const week = (outcome: Parameters<typeof call>[1]) => times(7, (i) => call(day(12 + i), outcome));
const mondayBurst = times(7, (i) => call(day(12, `1${i}:00`), 'no_answer'));

table('§1006.14(b)(2)(i)(A): more than 7 calls in 7 consecutive local days, per debt', [
  { name: 'one unanswered call a day Mon–Sun: an 8th call on Sunday is blocked until Monday', debtor: NY, history: week('no_answer'), proposed: proposed(day(18, '15:00')), decision: 'block', ruleIds: ['us.calls-7-in-7'], nextAllowedAt: '2026-01-19T08:00:00-05:00' },
  { name: '… and on Monday (window Tue–Mon holds 6) it is allowed', debtor: NY, history: week('no_answer'), proposed: proposed(day(19)), decision: 'allow', ruleIds: [] },
  { name: '7 calls on Monday: Tuesday blocked until the next Monday', debtor: NY, history: mondayBurst, proposed: proposed(day(13)), decision: 'block', ruleIds: ['us.calls-7-in-7'], nextAllowedAt: '2026-01-19T08:00:00-05:00' },
  { name: '7 calls on Monday: next Monday 08:00 allowed', debtor: NY, history: mondayBurst, proposed: proposed('2026-01-19T08:00:00-05:00'), decision: 'allow', ruleIds: [] },
  { name: 'voicemails count', debtor: NY, history: week('voicemail'), proposed: proposed(day(18, '15:00')), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: 'busy and not-in-service calls do not count (§1006.14(b)(3)(ii))', debtor: NY, history: [...times(6, (i) => call(day(12 + i), 'no_answer')), ...times(3, (i) => call(day(12 + i, '11:00'), 'busy')), ...times(2, (i) => call(day(12 + i, '12:00'), 'not_in_service'))], proposed: proposed(day(18)), decision: 'allow', ruleIds: [] },
  { name: 'texts and emails do not count', debtor: NY, history: [...times(6, (i) => call(day(12 + i), 'no_answer')), ...times(5, (i) => entry(day(12 + i, '11:00'), 'sms', 'delivered')), ...times(5, (i) => entry(day(12 + i, '12:00'), 'email', 'sent'))], proposed: proposed(day(18)), decision: 'allow', ruleIds: [] },
  { name: "the consumer's own (inbound) calls do not count", debtor: NY, history: [...times(6, (i) => call(day(12 + i), 'no_answer')), ...times(3, (i) => call(day(12 + i, '11:00'), 'no_answer', { direction: 'inbound' }))], proposed: proposed(day(18)), decision: 'allow', ruleIds: [] },
  { name: 'calls to third parties do not count toward the consumer', debtor: NY, history: [...times(6, (i) => call(day(12 + i), 'no_answer')), ...times(3, (i) => call(day(12 + i, '11:00'), 'no_answer', { party: 'third_party', phone: 'mom' }))], proposed: proposed(day(18)), decision: 'allow', ruleIds: [] },
  { name: 'calls to any of the consumer\'s numbers count together', debtor: NY, history: [...times(4, (i) => call(day(12 + i), 'no_answer', { phone: 'mobile' })), ...times(3, (i) => call(day(16 + i), 'no_answer', { phone: 'work' }))], proposed: proposed(day(18, '15:00'), { phone: 'home' }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: 'automated (voice robot) calls are telephone calls too', debtor: NY, history: times(7, (i) => call(day(12 + i), 'no_answer', { channel: 'voice_robot' })), proposed: proposed(day(18, '15:00')), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: 'a text is never limited by the call frequency', debtor: NY, history: mondayBurst, proposed: proposed(day(13), { channel: 'sms' }), decision: 'allow', ruleIds: [] },
  { name: 'days are local dates: 7 calls Mon 20:00 CST (Tue in UTC); the next Monday 08:00 CST is day 8', debtor: CHI, history: times(7, (i) => call(`2026-01-12T20:0${i}:00-06:00`, 'no_answer')), proposed: proposed('2026-01-19T08:00:00-06:00'), decision: 'allow', ruleIds: [] },
  { name: 'calls later than the proposal (Jan 13–18) count for the windows that contain both', debtor: NY, history: [call(day(13, '09:00'), 'no_answer'), ...times(6, (i) => call(day(13 + i), 'no_answer'))], proposed: proposed(day(12)), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
]);

table('§1006.14(b)(2)(i)(B): no call within 7 days after a telephone conversation (its date = day 1)', [
  { name: 'conversation Monday: Sunday 20:00 blocked until Monday 08:00', debtor: NY, history: [call(day(12), 'conversation')], proposed: proposed(day(18, '20:00')), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-19T08:00:00-05:00' },
  { name: 'conversation Monday: same Monday afternoon blocked', debtor: NY, history: [call(day(12), 'conversation')], proposed: proposed(day(12, '15:00')), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-19T08:00:00-05:00' },
  { name: 'conversation Monday: the next Monday 08:00 allowed', debtor: NY, history: [call(day(12), 'conversation')], proposed: proposed('2026-01-19T08:00:00-05:00'), decision: 'allow', ruleIds: [] },
  { name: 'a conversation on a call the consumer made (inbound) counts', debtor: NY, history: [call(day(13), 'conversation', { direction: 'inbound' })], proposed: proposed(day(15)), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-20T08:00:00-05:00' },
  { name: 'a dispute stated on a call is a conversation too (and a dispute hold)', debtor: NY, history: [call(day(13), 'dispute')], proposed: proposed(day(15)), decision: 'block', ruleIds: ['us.dispute', 'us.call-after-conversation'], nextAllowedAt: null },
  {
    name: 'conversations reset the window: Thu conversation, then an inbound conversation the next Thu → blocked until the Thu after',
    debtor: NY, history: [...times(3, (i) => call(day(12 + i), 'no_answer')), call(day(15), 'conversation'), call(day(22), 'conversation', { direction: 'inbound' })],
    proposed: proposed(day(28)), decision: 'block', ruleIds: ['us.call-after-conversation', 'us.validation-notice'], nextAllowedAt: '2026-01-29T08:00:00-05:00',
  },
  { name: 'Friday after a Thursday conversation: blocked until next Thursday', debtor: NY, history: [...times(3, (i) => call(day(12 + i), 'no_answer')), call(day(15), 'conversation')], proposed: proposed(day(16)), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-22T08:00:00-05:00' },
  { name: 'a conversation after the proposed instant does not block it', debtor: NY, history: [call(day(12, '15:00'), 'conversation')], proposed: proposed(day(12, '09:00')), decision: 'allow', ruleIds: [] },
  { name: 'a visit conversation is not a telephone conversation', debtor: NY, history: [entry(day(12), 'visit', 'conversation')], proposed: proposed(day(13)), decision: 'allow', ruleIds: [] },
]);

table('several debts of one person (per-debt presumptions; a conversation about several debts counts for each)', [
  { name: '7 calls about D1: a call about D2 is allowed', debtor: NY, history: week('no_answer'), proposed: proposed(day(18, '15:00'), { debtIds: ['D2'] }), decision: 'allow', ruleIds: [] },
  { name: '7 calls about D1: a call about D1 and D2 is blocked (for D1)', debtor: NY, history: week('no_answer'), proposed: proposed(day(18, '15:00'), { debtIds: ['D1', 'D2'] }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: '7 calls each about D1 and D2 count for both', debtor: NY, history: times(7, (i) => call(day(12 + i), 'no_answer', { debtIds: ['D1', 'D2'] })), proposed: proposed(day(18, '15:00'), { debtIds: ['D2'] }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: 'conversation about D1 and D2 on Monday: D2 blocked on Wednesday', debtor: NY, history: [call(day(12), 'conversation', { debtIds: ['D1', 'D2'] })], proposed: proposed(day(14), { debtIds: ['D2'] }), decision: 'block', ruleIds: ['us.call-after-conversation'] },
  { name: '… but D3 (not discussed) is allowed', debtor: NY, history: [call(day(12), 'conversation', { debtIds: ['D1', 'D2'] })], proposed: proposed(day(14), { debtIds: ['D3'] }), decision: 'allow', ruleIds: [] },
  { name: 'both debts blocked → one reason per debt', debtor: NY, history: [call(day(12), 'conversation', { debtIds: ['D1', 'D2'] })], proposed: proposed(day(14), { debtIds: ['D1', 'D2'] }), decision: 'block', ruleIds: ['us.call-after-conversation', 'us.call-after-conversation'] },
  { name: 'a proposal naming no debt is checked against every debt in the history', debtor: NY, history: [...week('no_answer'), call(day(12, '11:00'), 'no_answer', { debtIds: ['D2'] })], proposed: proposed(day(18, '15:00'), { debtIds: [] }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
  { name: 'a history entry naming no debt counts for every debt', debtor: NY, history: times(7, (i) => call(day(12 + i), 'no_answer', { debtIds: [] })), proposed: proposed(day(18, '15:00'), { debtIds: ['D9'] }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
]);

table('§1006.14(b)(3)(i): calls the consumer asked for are excluded for up to 7 days (request date = day 1)', [
  { name: '"call me back Wednesday" on a Monday conversation: Wednesday allowed', debtor: NY, history: [call(day(12), 'debtor_requested_contact')], proposed: proposed(day(14)), decision: 'allow', ruleIds: [] },
  { name: '7 calls Monday, written request Tuesday: Sunday allowed (day 6 of the request)', debtor: NY, history: [...mondayBurst, entry(day(13), 'email', 'debtor_requested_contact', { direction: 'inbound' })], proposed: proposed(day(18)), decision: 'allow', ruleIds: [] },
  { name: 'request Tue, conversation Thu: Mon (day 7) allowed', debtor: NY, history: [entry(day(13), 'email', 'debtor_requested_contact', { direction: 'inbound' }), call(day(15), 'conversation')], proposed: proposed(day(19)), decision: 'allow', ruleIds: [] },
  { name: 'request Tue, conversation Thu: Tue (day 8) blocked by the conversation until Thu', debtor: NY, history: [entry(day(13), 'email', 'debtor_requested_contact', { direction: 'inbound' }), call(day(15), 'conversation')], proposed: proposed(day(20)), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-22T08:00:00-05:00' },
  { name: 'calls placed within a request period are not counted afterwards', debtor: NY, history: [entry(day(12), 'email', 'debtor_requested_contact', { direction: 'inbound' }), ...times(7, (i) => call(day(13, `1${i}:00`), 'no_answer'))], proposed: proposed(day(19)), decision: 'allow', ruleIds: [] },
  { name: 'a request about D1 does not exempt calls about D2', debtor: NY, history: [...times(7, (i) => call(day(12, `1${i}:00`), 'no_answer', { debtIds: ['D2'] })), entry(day(13), 'email', 'debtor_requested_contact', { direction: 'inbound' })], proposed: proposed(day(14), { debtIds: ['D2'] }), decision: 'block', ruleIds: ['us.calls-7-in-7'] },
]);

const tp = (at: string, o: Parameters<typeof proposed>[1] = {}) => proposed(at, { party: 'third_party', phone: 'mom', purpose: 'locate', ...o });
table('§1006.10 / §1006.6(d): third parties only for location information, never about the debt, once', [
  { name: 'location call to a relative: allowed', debtor: NY, history: [], proposed: tp(day(14)), decision: 'allow', ruleIds: [] },
  { name: 'asking a relative to pass a message: blocked', debtor: NY, history: [], proposed: tp(day(14), { purpose: 'relay_message' }), decision: 'block', ruleIds: ['us.third-party.purpose'], nextAllowedAt: null },
  { name: 'telling a third party about the debt: blocked', debtor: NY, history: [], proposed: tp(day(14), { disclosesDebt: true }), decision: 'block', ruleIds: ['us.third-party.disclosure'], nextAllowedAt: null },
  { name: 'a second conversation with the same third party: blocked', debtor: NY, history: [call(day(12), 'third_party_conversation', { party: 'third_party', phone: 'mom' })], proposed: tp(day(14)), decision: 'block', ruleIds: ['us.third-party.repeat'] },
  { name: '… another third party: allowed', debtor: NY, history: [call(day(12), 'third_party_conversation', { party: 'third_party', phone: 'mom' })], proposed: tp(day(14), { phone: 'neighbour' }), decision: 'allow', ruleIds: [] },
  { name: 'a third party that objected: blocked for good', debtor: NY, history: [call(day(12), 'third_party_objection', { party: 'third_party', phone: 'neighbour' })], proposed: tp(day(14), { phone: 'neighbour' }), decision: 'block', ruleIds: ['us.third-party.objection', 'us.third-party.repeat'], nextAllowedAt: null },
  { name: 'the consumer\'s 7-in-7 does not limit location calls', debtor: NY, history: week('no_answer'), proposed: tp(day(18, '15:00')), decision: 'allow', ruleIds: [] },
]);

table('flags: cease (§1006.6(c)), dispute (§1006.38), opt-outs (§1006.6(e), §1006.14(h)), others', [
  { name: 'cease: blocked indefinitely', debtor: { ...NY, flags: ['cease'] }, history: [], proposed: proposed(day(14)), decision: 'block', ruleIds: ['us.cease'], nextAllowedAt: null },
  { name: 'a written cease request in the history', debtor: NY, history: [entry(day(12), 'letter', 'cease_request', { direction: 'inbound' })], proposed: proposed(day(14), { channel: 'email' }), decision: 'block', ruleIds: ['us.cease'], nextAllowedAt: null },
  { name: 'a cease request after the proposed instant does not apply yet', debtor: NY, history: [entry(day(15), 'letter', 'cease_request', { direction: 'inbound' })], proposed: proposed(day(14)), decision: 'allow', ruleIds: [] },
  { name: 'dispute: collection stops', debtor: { ...NY, flags: ['dispute'] }, history: [], proposed: proposed(day(14), { channel: 'letter', purpose: 'payment_request' }), decision: 'block', ruleIds: ['us.dispute'] },
  { name: 'opted out of texts: sms blocked', debtor: { ...NY, flags: ['opt_out_sms'] }, history: [], proposed: proposed(day(14), { channel: 'sms' }), decision: 'block', ruleIds: ['us.opt-out-sms'] },
  { name: 'opted out of texts: a call is allowed', debtor: { ...NY, flags: ['opt_out_sms'] }, history: [], proposed: proposed(day(14)), decision: 'allow', ruleIds: [] },
  { name: 'opt-out replied to an email in the history', debtor: NY, history: [entry(day(12), 'email', 'opt_out', { direction: 'inbound' })], proposed: proposed(day(14), { channel: 'email' }), decision: 'block', ruleIds: ['us.opt-out-email'] },
  { name: 'do-not-call on the work phone only', debtor: { ...NY, flags: [{ flag: 'do_not_call', phone: 'work', setBy: 'agent7', setAt: '2026-01-02T10:00:00-05:00' }] }, history: [], proposed: proposed(day(14), { phone: 'work' }), decision: 'block', ruleIds: ['us.do-not-call'] },
  { name: '… the mobile may be called', debtor: { ...NY, flags: [{ flag: 'do_not_call', phone: 'work' }] }, history: [], proposed: proposed(day(14), { phone: 'mobile' }), decision: 'allow', ruleIds: [] },
  { name: 'legal hold until Jan 20: next allowed Jan 20 08:00', debtor: { ...NY, flags: [{ flag: 'legal_hold', until: '2026-01-20T00:00:00-05:00' }] }, history: [], proposed: proposed(day(14)), decision: 'block', ruleIds: ['us.legal-hold'], nextAllowedAt: '2026-01-20T08:00:00-05:00' },
  { name: 'open complaint: warning only', debtor: { ...NY, flags: ['complaint_open'] }, history: [], proposed: proposed(day(14)), decision: 'warn', ruleIds: ['us.complaint-open'] },
  { name: 'deceased: the debtor is not called', debtor: { ...NY, flags: ['deceased'] }, history: [], proposed: proposed(day(14)), decision: 'block', ruleIds: ['us.deceased'], nextAllowedAt: null },
  {
    name: 'every reason is collected, not only the first',
    debtor: { ...NY, flags: ['cease', 'complaint_open'] }, history: week('no_answer'), proposed: proposed(day(18, '22:00')),
    decision: 'block', ruleIds: ['us.cease', 'us.complaint-open', 'us.hours', 'us.calls-7-in-7'], nextAllowedAt: null,
  },
]);

table('§1006.34(a)(1): validation notice within 5 business days (warning)', [
  { name: 'conversation Mon Jan 12, no notice, Wed Jan 21 → warn', debtor: NY, history: [call(day(12), 'conversation')], proposed: proposed(day(21)), decision: 'warn', ruleIds: ['us.validation-notice'] },
  { name: '… Mon Jan 19 (day 5 after) → no warning yet', debtor: NY, history: [call(day(12), 'conversation')], proposed: proposed(day(19), { channel: 'sms' }), decision: 'allow', ruleIds: [] },
  { name: '… with a letter sent on Jan 13 → allowed', debtor: NY, history: [call(day(12), 'conversation'), entry(day(13), 'letter', 'sent')], proposed: proposed(day(21)), decision: 'allow', ruleIds: [] },
]);
