/**
 * UK preset (FCA CONC 7) — data-driven tables. June 2026 in Europe/London (BST, +01:00).
 */
import { describe, it } from 'vitest';
import { UK_RULE_SET, ukRuleSet } from './presets.ts';
import { call, expectRow, proposed, times, type Row } from './test-support.ts';
import type { DebtorProfile } from './types.ts';

const LDN: DebtorProfile = { timeZones: ['Europe/London'] };
const at = (d: number, hhmm: string) => `2026-06-${String(d).padStart(2, '0')}T${hhmm}:00+01:00`;
const BREATHING = { ...LDN, flags: [{ flag: 'breathing_space' as const, setAt: '2026-06-01T09:00:00+01:00', setBy: 'insolvency-service' }] };

function table(title: string, rows: Array<Omit<Row, 'ruleSet' | 'debtor'> & Partial<Pick<Row, 'ruleSet' | 'debtor'>>>) {
  describe(title, () => {
    it.each(rows.map((r) => [r.name, { ruleSet: UK_RULE_SET, debtor: LDN, ...r }] as const))('%s', (_n, row) => {
      expectRow(row);
    });
  });
}

table('CONC 7.9.4R: stated times and channels are honoured; no numeric caps', [
  { name: 'the customer asked for email: a call is blocked', debtor: { ...LDN, contactPreferences: [{ channel: 'email' }] }, history: [], proposed: proposed(at(2, '10:00')), decision: 'block', ruleIds: ['uk.customer-requests'], nextAllowedAt: null },
  { name: '… an email is allowed', debtor: { ...LDN, contactPreferences: [{ channel: 'email' }] }, history: [], proposed: proposed(at(2, '10:00'), { channel: 'email' }), decision: 'allow', ruleIds: [] },
  { name: 'calls only 18:00–20:00 (shift worker): 10:00 blocked until 18:00', debtor: { ...LDN, contactPreferences: [{ channel: 'call', notBefore: '18:00', notAfter: '20:00' }] }, history: [], proposed: proposed(at(2, '10:00')), decision: 'block', ruleIds: ['uk.customer-requests'], nextAllowedAt: '2026-06-02T18:00:00+01:00' },
  { name: '… an SMS at 10:00 is not limited by the call times', debtor: { ...LDN, contactPreferences: [{ channel: 'call', notBefore: '18:00', notAfter: '20:00' }] }, history: [], proposed: proposed(at(2, '10:00'), { channel: 'sms' }), decision: 'allow', ruleIds: [] },
  { name: 'night shift: asked for 22:00–23:00, 22:30 allowed without warning', debtor: { ...LDN, contactPreferences: [{ channel: 'call', notBefore: '22:00', notAfter: '23:00' }] }, history: [], proposed: proposed(at(2, '22:30')), decision: 'allow', ruleIds: [] },
  { name: '22:00 without a request: warning (unreasonable time)', history: [], proposed: proposed(at(2, '22:00')), decision: 'warn', ruleIds: ['uk.unreasonable-time'] },
  { name: '20 calls in a day: no numeric cap', history: times(20, (i) => call(at(2, `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`), 'no_answer')), proposed: proposed(at(2, '19:00')), decision: 'allow', ruleIds: [] },
]);

table('vulnerable customers and breathing space', [
  { name: 'vulnerable: contact paused', debtor: { ...LDN, flags: ['vulnerable'] }, history: [], proposed: proposed(at(2, '10:00')), decision: 'block', ruleIds: ['uk.vulnerable'], nextAllowedAt: null },
  { name: 'vulnerable with a warn-only configuration', ruleSet: ukRuleSet({ vulnerable: 'warn' }), debtor: { ...LDN, flags: ['vulnerable'] }, history: [], proposed: proposed(at(2, '10:00')), decision: 'warn', ruleIds: ['uk.vulnerable'] },
  { name: 'breathing space: a payment request is blocked until the moratorium ends (60 days)', debtor: BREATHING, history: [], proposed: proposed(at(10, '10:00'), { purpose: 'payment_request' }), decision: 'block', ruleIds: ['uk.breathing-space'], nextAllowedAt: '2026-07-31T09:00:00+01:00' },
  { name: 'breathing space: other collection contact is a warning', debtor: BREATHING, history: [], proposed: proposed(at(10, '10:00')), decision: 'warn', ruleIds: ['uk.breathing-space-contact'] },
  { name: 'breathing space: before it started, nothing', debtor: BREATHING, history: [], proposed: proposed('2026-05-31T10:00:00+01:00', { purpose: 'payment_request' }), decision: 'allow', ruleIds: [] },
  { name: 'breathing space: after 60 days, payment requests resume', debtor: BREATHING, history: [], proposed: proposed('2026-07-31T10:00:00+01:00', { purpose: 'payment_request' }), decision: 'allow', ruleIds: [] },
  { name: 'breathing space with an explicit end', debtor: { ...LDN, flags: [{ flag: 'breathing_space', setAt: '2026-06-01T09:00:00+01:00', until: '2026-06-20T00:00:00+01:00' }] }, history: [], proposed: proposed(at(10, '10:00'), { purpose: 'payment_request' }), decision: 'block', ruleIds: ['uk.breathing-space'], nextAllowedAt: '2026-06-20T00:00:00+01:00' },
  { name: 'dispute: recovery suspended (CONC 7.14.3R)', debtor: { ...LDN, flags: ['dispute'] }, history: [], proposed: proposed(at(2, '10:00')), decision: 'block', ruleIds: ['uk.dispute'] },
  { name: 'third party told about the debt: blocked', history: [], proposed: proposed(at(2, '10:00'), { party: 'third_party', phone: 'flatmate', purpose: 'relay_message', disclosesDebt: true }), decision: 'block', ruleIds: ['uk.third-party.disclosure'] },
]);
