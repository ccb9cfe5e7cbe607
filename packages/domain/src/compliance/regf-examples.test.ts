/**
 * Regulation F official interpretations (12 CFR part 1006, Supplement I) — the worked examples of
 * §1006.6(b)(1)(i) (convenient times when the location is uncertain) and §1006.14(b) (the call-frequency
 * presumptions), each as a table row. The examples are paraphrased (days of the week mapped onto
 * Mon 2026-01-12 … in the consumer's zone); the rows that the other US tables already hold for the same
 * example are named there. Winter dates: EST -05:00, CST -06:00, PST -08:00.
 */
import { describe, it } from 'vitest';
import { US_RULE_SET } from './presets.ts';
import { call, entry, expectRow, proposed, times, type Row } from './test-support.ts';
import type { DebtorProfile } from './types.ts';

/** Address in California (Pacific), mobile area code 212 (Eastern): the address zone comes first. */
const CA_212: DebtorProfile = { timeZones: ['America/Los_Angeles', 'America/New_York'] };
const NY: DebtorProfile = { timeZones: ['America/New_York'] };
const et = (d: number, hhmm: string) => `2026-01-${String(d).padStart(2, '0')}T${hhmm}:00-05:00`;

function table(title: string, rows: Array<Omit<Row, 'ruleSet'>>) {
  describe(title, () => {
    it.each(rows.map((r) => [r.name, { ruleSet: US_RULE_SET, ...r }] as const))('%s', (_n, row) => {
      expectRow(row);
    });
  });
}

table('§1006.6(b)(1)(i): location uncertain — convenient only where 08:00–21:00 holds in every zone (11:00–21:00 Eastern = 08:00–18:00 Pacific)', [
  { name: '10:59 Eastern (07:59 Pacific): blocked until 08:00 Pacific', debtor: CA_212, history: [], proposed: proposed(et(14, '10:59')), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-14T08:00:00-08:00' },
  { name: '11:00 Eastern (08:00 Pacific): allowed', debtor: CA_212, history: [], proposed: proposed(et(14, '11:00')), decision: 'allow', ruleIds: [] },
  { name: '17:59 Pacific (20:59 Eastern): allowed', debtor: CA_212, history: [], proposed: proposed('2026-01-14T17:59:00-08:00'), decision: 'allow', ruleIds: [] },
  { name: '18:00 Pacific (21:00 Eastern): blocked until 08:00 Pacific the next day', debtor: CA_212, history: [], proposed: proposed('2026-01-14T18:00:00-08:00'), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-15T08:00:00-08:00' },
  { name: 'an e-mail is held to the same window (a communication, not only a call)', debtor: CA_212, history: [], proposed: proposed(et(14, '09:30'), { channel: 'email' }), decision: 'block', ruleIds: ['us.hours'], nextAllowedAt: '2026-01-14T08:00:00-08:00' },
]);

table('§1006.14(b)(2)(i)(A): seven calls within seven consecutive days', [
  {
    name: 'a call on each of Mon–Sun is 7 in 7 days: an 8th call on Sunday evening would exceed it',
    debtor: NY, history: times(7, (i) => call(et(12 + i, '09:00'), 'no_answer')), proposed: proposed(et(18, '19:00')), decision: 'block', ruleIds: ['us.calls-7-in-7'], nextAllowedAt: '2026-01-19T08:00:00-05:00',
  },
  { name: '… the following Monday the seven-day period (Tue–Mon) holds six: allowed', debtor: NY, history: times(7, (i) => call(et(12 + i, '09:00'), 'no_answer')), proposed: proposed(et(19, '09:00')), decision: 'allow', ruleIds: [] },
  {
    name: 'seven calls on Monday alone: no further call until the next Monday (the period is 7 consecutive days, not a call count per day)',
    debtor: NY, history: times(7, (i) => call(et(12, `1${i}:00`), 'voicemail')), proposed: proposed(et(16, '10:00')), decision: 'block', ruleIds: ['us.calls-7-in-7'], nextAllowedAt: '2026-01-19T08:00:00-05:00',
  },
  {
    name: 'calls that did not connect because the line was busy or not in service are not placed calls for the count',
    debtor: NY, history: [...times(6, (i) => call(et(12 + i, '09:00'), 'no_answer')), call(et(17, '10:00'), 'busy'), call(et(17, '11:00'), 'not_in_service')], proposed: proposed(et(18, '09:00')), decision: 'allow', ruleIds: [],
  },
]);

table('§1006.14(b)(2)(i)(B): telephone conversation — the conversation date is day one of the seven-day period', [
  { name: 'conversation Tuesday: Monday (day 7) still blocked, until Tuesday 08:00', debtor: NY, history: [call(et(13, '10:00'), 'conversation')], proposed: proposed(et(19, '10:00')), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-20T08:00:00-05:00' },
  { name: '… the next Tuesday (day 8): allowed', debtor: NY, history: [call(et(13, '10:00'), 'conversation')], proposed: proposed(et(20, '10:00')), decision: 'allow', ruleIds: [] },
  { name: 'the conversation limit applies even when fewer than seven calls were placed', debtor: NY, history: [call(et(13, '10:00'), 'conversation')], proposed: proposed(et(14, '10:00')), decision: 'block', ruleIds: ['us.call-after-conversation'] },
  { name: 'a text message may still be sent the day after the conversation (texts are not calls)', debtor: NY, history: [call(et(13, '10:00'), 'conversation')], proposed: proposed(et(14, '10:00'), { channel: 'sms' }), decision: 'allow', ruleIds: [] },
]);

table('§1006.14(b)(2)(i): per debt — two debts of one consumer', [
  { name: 'seven calls about the student loan (D1): a call about the auto loan (D2) is allowed', debtor: NY, history: times(7, (i) => call(et(12 + i, '09:00'), 'no_answer', { debtIds: ['D1'] })), proposed: proposed(et(18, '10:00'), { debtIds: ['D2'] }), decision: 'allow', ruleIds: [] },
  { name: 'a conversation about both debts starts the seven-day period for each', debtor: NY, history: [call(et(12, '10:00'), 'conversation', { debtIds: ['D1', 'D2'] })], proposed: proposed(et(14, '10:00'), { debtIds: ['D2'] }), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-19T08:00:00-05:00' },
]);

table('§1006.14(b)(3)(i): calls with the consumer\'s prior consent (given directly, within the last seven days) are excluded', [
  { name: 'conversation Monday in which the consumer asks to be called back Wednesday: the Wednesday call is excluded', debtor: NY, history: [call(et(12, '10:00'), 'conversation'), call(et(12, '10:05'), 'debtor_requested_contact')], proposed: proposed(et(14, '10:00')), decision: 'allow', ruleIds: [] },
  { name: 'consent by e-mail Monday, conversation Thursday: Sunday (day 7 of the consent) allowed', debtor: NY, history: [entry(et(12, '08:00'), 'email', 'debtor_requested_contact', { direction: 'inbound' }), call(et(15, '10:00'), 'conversation')], proposed: proposed(et(18, '10:00')), decision: 'allow', ruleIds: [] },
  { name: '… Monday (day 8) the consent has lapsed: blocked by the Thursday conversation until the next Thursday', debtor: NY, history: [entry(et(12, '08:00'), 'email', 'debtor_requested_contact', { direction: 'inbound' }), call(et(15, '10:00'), 'conversation')], proposed: proposed(et(19, '10:00')), decision: 'block', ruleIds: ['us.call-after-conversation'], nextAllowedAt: '2026-01-22T08:00:00-05:00' },
]);
