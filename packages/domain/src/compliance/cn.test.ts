/**
 * CN preset — data-driven tables. Mon 2026-06-01 … in Asia/Shanghai (+08:00, no DST).
 */
import { describe, it } from 'vitest';
import { clientWindow, extendRuleSet } from './custom.ts';
import { CN_RULE_SET, cnRuleSet } from './presets.ts';
import { call, entry, expectRow, proposed, times, type Row } from './test-support.ts';
import type { DebtorProfile } from './types.ts';

const SH: DebtorProfile = { timeZones: ['Asia/Shanghai'] };
const CN = CN_RULE_SET;
const at = (d: number, hhmm: string) => `2026-06-${String(d).padStart(2, '0')}T${hhmm}:00+08:00`;
/** A client that allows contact only 08:00–21:00 (common in contracts) on top of the CN preset. */
const ACME = extendRuleSet(CN, { id: 'ACME-CN', windows: [clientWindow('client.hours', '08:00', '21:00', 'ACME collection contract §4.2')] });

function table(title: string, rows: Array<Omit<Row, 'ruleSet' | 'debtor'> & Partial<Pick<Row, 'ruleSet' | 'debtor'>>>) {
  describe(title, () => {
    it.each(rows.map((r) => [r.name, { ruleSet: CN, debtor: SH, ...r }] as const))('%s', (_n, row) => {
      expectRow(row);
    });
  });
}

table('no contact of any kind 22:00–08:00 local time (start allowed, end blocked)', [
  { name: '07:59:59 blocked', history: [], proposed: proposed('2026-06-01T07:59:59+08:00'), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-01T08:00:00+08:00' },
  { name: '08:00:00 allowed', history: [], proposed: proposed(at(1, '08:00')), decision: 'allow', ruleIds: [] },
  { name: '21:59:59 allowed', history: [], proposed: proposed('2026-06-01T21:59:59+08:00'), decision: 'allow', ruleIds: [] },
  { name: '22:00:00 blocked until 08:00 next day', history: [], proposed: proposed(at(1, '22:00')), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: 'SMS at 23:00 blocked', history: [], proposed: proposed(at(1, '23:00'), { channel: 'sms' }), decision: 'block', ruleIds: ['cn.hours'] },
  { name: 'visit at 06:00 blocked', history: [], proposed: proposed(at(1, '06:00'), { channel: 'visit' }), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-01T08:00:00+08:00' },
  { name: 'voice robot at 22:30 blocked', history: [], proposed: proposed(at(1, '22:30'), { channel: 'voice_robot' }), decision: 'block', ruleIds: ['cn.hours'] },
  { name: 'midnight crossing: 23:59:59 → 08:00 next day', history: [], proposed: proposed('2026-06-01T23:59:59+08:00'), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: 'midnight crossing: 00:00:00 → 08:00 same day', history: [], proposed: proposed(at(2, '00:00')), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: 'an instant given in UTC: 23:59:59Z = 07:59:59 Beijing', history: [], proposed: proposed('2026-05-31T23:59:59Z'), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-01T08:00:00+08:00' },
  { name: 'the debtor asked to be called 22:00–23:00: 22:30 call allowed', debtor: { ...SH, contactPreferences: [{ channel: 'call', notBefore: '22:00', notAfter: '23:00' }] }, history: [], proposed: proposed(at(1, '22:30')), decision: 'allow', ruleIds: [] },
  { name: '… that request does not open SMS at 22:30', debtor: { ...SH, contactPreferences: [{ channel: 'call', notBefore: '22:00', notAfter: '23:00' }] }, history: [], proposed: proposed(at(1, '22:30'), { channel: 'sms' }), decision: 'block', ruleIds: ['cn.hours'] },
  { name: 'a time outside the debtor\'s stated times: warning', debtor: { ...SH, contactPreferences: [{ notBefore: '12:00', notAfter: '14:00' }] }, history: [], proposed: proposed(at(1, '10:00')), decision: 'warn', ruleIds: ['cn.debtor-requested-times'] },
  { name: 'Xinjiang (Beijing and Xinjiang time): 09:00 Beijing = 07:00 Urumqi blocked until 10:00 Beijing', debtor: { timeZones: ['Asia/Shanghai', 'Asia/Urumqi'] }, history: [], proposed: proposed(at(1, '09:00')), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-01T10:00:00+08:00' },
  { name: 'unknown location: Beijing time assumed, warned', debtor: { timeZones: [] }, history: [], proposed: proposed(at(1, '10:00')), decision: 'warn', ruleIds: ['location.unknown'] },
]);

table('stricter client rule over the law: custom 08:00–21:00 on top of CN', [
  { name: '20:59:59 allowed', ruleSet: ACME, history: [], proposed: proposed('2026-06-01T20:59:59+08:00'), decision: 'allow', ruleIds: [] },
  { name: '21:00:00 blocked by the client only', ruleSet: ACME, history: [], proposed: proposed(at(1, '21:00')), decision: 'block', ruleIds: ['client.hours'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: '21:00:00 allowed by the plain CN preset', history: [], proposed: proposed(at(1, '21:00')), decision: 'allow', ruleIds: [] },
  { name: '22:30 blocked by both', ruleSet: ACME, history: [], proposed: proposed(at(1, '22:30')), decision: 'block', ruleIds: ['cn.hours', 'client.hours'] },
  { name: 'the debtor\'s 22:30 request does not override the client window', ruleSet: ACME, debtor: { ...SH, contactPreferences: [{ channel: 'call', notBefore: '22:00', notAfter: '23:00' }] }, history: [], proposed: proposed(at(1, '22:30')), decision: 'block', ruleIds: ['client.hours'] },
  { name: 'the client\'s stricter cap (3 unanswered per phone) wins over 6', ruleSet: extendRuleSet(CN, { id: 'X', perPhoneUnansweredCallsPerDay: { ruleId: 'client.calls-per-phone', max: 3, source: 'contract' } }), history: times(3, (i) => call(at(1, `1${i}:00`), 'no_answer')), proposed: proposed(at(1, '15:00')), decision: 'block', ruleIds: ['client.calls-per-phone'] },
  { name: 'a looser client cap (10) does not loosen the law', ruleSet: extendRuleSet(CN, { id: 'X', perPhoneUnansweredCallsPerDay: { ruleId: 'client.calls-per-phone', max: 10, source: 'contract' } }), history: times(6, (i) => call(at(1, `1${i}:00`), 'no_answer')), proposed: proposed(at(1, '17:00')), decision: 'block', ruleIds: ['cn.calls-per-phone-per-day'] },
]);

const six = (phone = 'm') => times(6, (i) => call(at(1, `${String(i + 8).padStart(2, '0')}:30`), (['no_answer', 'busy', 'voicemail', 'not_in_service', 'failed', 'no_answer'] as const)[i], { phone }));
table('at most 6 unanswered call attempts per phone number per local day', [
  { name: '6 unanswered to "m": a 7th is blocked until the next day 08:00', history: six(), proposed: proposed(at(1, '15:00')), decision: 'block', ruleIds: ['cn.calls-per-phone-per-day'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: '… another phone of the debtor may be called', history: six(), proposed: proposed(at(1, '15:00'), { phone: 'home' }), decision: 'allow', ruleIds: [] },
  { name: '… the next day is a new day', history: six(), proposed: proposed(at(2, '08:00')), decision: 'allow', ruleIds: [] },
  { name: '… an SMS is not a call', history: six(), proposed: proposed(at(1, '15:00'), { channel: 'sms' }), decision: 'allow', ruleIds: [] },
  { name: '5 unanswered + 3 answered: allowed', history: [...six().slice(0, 5), ...times(3, (i) => call(at(1, `1${i + 4}:00`), 'conversation'))], proposed: proposed(at(1, '18:00')), decision: 'allow', ruleIds: [] },
  { name: 'midnight: 6 unanswered 21:00–21:50, then 21:55 → blocked until 08:00 (cap resets at 00:00, window opens 08:00)', history: times(6, (i) => call(at(1, `21:${i}0`), 'no_answer')), proposed: proposed(at(1, '21:55')), decision: 'block', ruleIds: ['cn.calls-per-phone-per-day'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: 'midnight: the same 6 calls do not count on the next day', history: times(6, (i) => call(at(1, `21:${i}0`), 'no_answer')), proposed: proposed(at(2, '08:00')), decision: 'allow', ruleIds: [] },
]);

const robot = (outcome: Parameters<typeof call>[1]) => times(3, (i) => call(at(1, `1${i}:00`), outcome, { channel: 'voice_robot' }));
table('at most 3 connected automated voice reminders per debtor per day', [
  { name: '3 connected robot calls: a 4th is blocked until tomorrow', history: robot('delivered'), proposed: proposed(at(1, '16:00'), { channel: 'voice_robot' }), decision: 'block', ruleIds: ['cn.voice-robot-per-day'], nextAllowedAt: '2026-06-02T08:00:00+08:00' },
  { name: 'conversations count as connected', history: robot('conversation'), proposed: proposed(at(1, '16:00'), { channel: 'voice_robot' }), decision: 'block', ruleIds: ['cn.voice-robot-per-day'] },
  { name: '3 unanswered robot calls: allowed', history: robot('no_answer'), proposed: proposed(at(1, '16:00'), { channel: 'voice_robot' }), decision: 'allow', ruleIds: [] },
  { name: 'the robot cap does not limit a collector\'s call', history: robot('delivered'), proposed: proposed(at(1, '16:00')), decision: 'allow', ruleIds: [] },
  { name: 'across phones (per debtor)', history: robot('delivered').map((e, i) => ({ ...e, phone: `p${i}` })), proposed: proposed(at(1, '16:00'), { channel: 'voice_robot', phone: 'p9' }), decision: 'block', ruleIds: ['cn.voice-robot-per-day'] },
]);

const tp = (hhmm: string, o: Parameters<typeof proposed>[1] = {}) => proposed(at(2, hhmm), { party: 'third_party', phone: 'mom', purpose: 'locate', ...o });
const failed3 = [call(at(1, '09:00'), 'no_answer'), call(at(1, '10:00'), 'not_in_service'), entry(at(1, '11:00'), 'sms', 'failed')];
table('third parties: only after 3 failed attempts, only locate/relay, never the debt, never after objection', [
  { name: 'no attempt to reach the debtor yet: blocked', history: [], proposed: tp('10:00'), decision: 'block', ruleIds: ['cn.third-party.debtor-reachable'], nextAllowedAt: null },
  { name: '2 failed attempts: blocked', history: failed3.slice(0, 2), proposed: tp('10:00'), decision: 'block', ruleIds: ['cn.third-party.debtor-reachable'] },
  { name: '3 failed attempts: locate allowed', history: failed3, proposed: tp('10:00'), decision: 'allow', ruleIds: [] },
  { name: '3 failed attempts: relay a message allowed', history: failed3, proposed: tp('10:00', { purpose: 'relay_message' }), decision: 'allow', ruleIds: [] },
  { name: 'failed attempts before a conversation with the debtor do not count', history: [...failed3, call(at(1, '12:00'), 'conversation'), call(at(1, '13:00'), 'no_answer')], proposed: tp('10:00'), decision: 'block', ruleIds: ['cn.third-party.debtor-reachable'] },
  { name: 'asking a third party for payment: blocked', history: failed3, proposed: tp('10:00', { purpose: 'payment_request' }), decision: 'block', ruleIds: ['cn.third-party.purpose'], nextAllowedAt: null },
  { name: 'telling the third party about the debt: blocked', history: failed3, proposed: tp('10:00', { disclosesDebt: true }), decision: 'block', ruleIds: ['cn.third-party.disclosure'] },
  { name: 'the third party objected: never again', history: [...failed3, call(at(1, '12:00'), 'third_party_objection', { party: 'third_party', phone: 'mom' })], proposed: tp('10:00'), decision: 'block', ruleIds: ['cn.third-party.objection'], nextAllowedAt: null },
  { name: '… another contact person may be asked', history: [...failed3, call(at(1, '12:00'), 'third_party_objection', { party: 'third_party', phone: 'mom' })], proposed: tp('10:00', { phone: 'uncle' }), decision: 'allow', ruleIds: [] },
  { name: 'third parties are not called at night either', history: failed3, proposed: tp('22:30'), decision: 'block', ruleIds: ['cn.hours'], nextAllowedAt: '2026-06-03T08:00:00+08:00' },
  { name: 'a configurable threshold (1 attempt)', ruleSet: cnRuleSet({ thirdPartyAfterFailedAttempts: 1 }), history: failed3.slice(0, 1), proposed: tp('10:00'), decision: 'allow', ruleIds: [] },
]);

const HOLIDAYS = cnRuleSet({ holidays: ['2026-10-01', '2026-10-02'] });
table('optional statutory-holiday calendar (dates as data)', [
  { name: 'National Day: blocked until the first working day 08:00', ruleSet: HOLIDAYS, history: [], proposed: proposed('2026-10-01T10:00:00+08:00'), decision: 'block', ruleIds: ['cn.holidays'], nextAllowedAt: '2026-10-03T08:00:00+08:00' },
  { name: 'the day before is a normal day', ruleSet: HOLIDAYS, history: [], proposed: proposed('2026-09-30T10:00:00+08:00'), decision: 'allow', ruleIds: [] },
  { name: 'a warning-only calendar', ruleSet: cnRuleSet({ holidays: ['2026-10-01'], holidaySeverity: 'warn' }), history: [], proposed: proposed('2026-10-01T10:00:00+08:00'), decision: 'warn', ruleIds: ['cn.holidays'] },
  { name: 'no calendar by default', history: [], proposed: proposed('2026-10-01T10:00:00+08:00'), decision: 'allow', ruleIds: [] },
]);

table('flags under CN', [
  { name: 'deceased: blocked', debtor: { ...SH, flags: ['deceased'] }, history: [], proposed: proposed(at(1, '10:00')), decision: 'block', ruleIds: ['cn.deceased'], nextAllowedAt: null },
  { name: 'vulnerable: warning', debtor: { ...SH, flags: ['vulnerable'] }, history: [], proposed: proposed(at(1, '10:00')), decision: 'warn', ruleIds: ['cn.vulnerable'] },
  { name: 'do-not-call also stops the voice robot', debtor: { ...SH, flags: ['do_not_call'] }, history: [], proposed: proposed(at(1, '10:00'), { channel: 'voice_robot' }), decision: 'block', ruleIds: ['cn.do-not-call'] },
  { name: 'bankruptcy stops third-party contact too', debtor: { ...SH, flags: ['bankruptcy'] }, history: failed3, proposed: tp('10:00'), decision: 'block', ruleIds: ['cn.bankruptcy'] },
]);
