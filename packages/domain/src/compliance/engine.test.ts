/**
 * Engine-level behaviour: index reuse, `now`, input errors, nextAllowedAt search limits, custom rule
 * sets that only tighten, and local-time helpers.
 */
import { describe, expect, it } from 'vitest';
import { clientWindow, extendRuleSet } from './custom.ts';
import { checkContact, indexDebtorHistory } from './engine.ts';
import { parseClock, parseInstant, zoneClock } from './local-time.ts';
import { CN_RULE_SET, US_RULE_SET } from './presets.ts';
import { call, proposed, times } from './test-support.ts';
import type { RuleSet } from './types.ts';

const NY = { timeZones: ['America/New_York'] };

describe('checkContact', () => {
  it('gives the same answers from a reused history index as from the array', () => {
    const history = [...times(7, (i) => call(`2026-01-1${2 + i}T10:00:00-05:00`, 'no_answer')), call('2026-01-12T11:00:00-05:00', 'conversation', { debtIds: ['D2'] })];
    const idx = indexDebtorHistory(history, NY, US_RULE_SET);
    for (const p of [proposed('2026-01-18T15:00:00-05:00'), proposed('2026-01-19T10:00:00-05:00'), proposed('2026-01-14T10:00:00-05:00', { debtIds: ['D2'] }), proposed('2026-01-14T22:00:00-05:00', { debtIds: [] })]) {
      expect(checkContact(p, idx, NY, US_RULE_SET)).toEqual(checkContact(p, history, NY, US_RULE_SET));
    }
  });

  it('refuses an index built for another zone', () => {
    const idx = indexDebtorHistory([], { timeZones: ['Asia/Shanghai'] }, US_RULE_SET);
    expect(() => checkContact(proposed('2026-01-14T10:00:00-05:00'), idx, NY, US_RULE_SET)).toThrow(/index was built for Asia\/Shanghai/);
  });

  it('uses `now` when the attempt has no time', () => {
    const { at: _at, ...noTime } = proposed('x');
    expect(checkContact(noTime, [], NY, US_RULE_SET, new Date('2026-01-14T02:00:00Z')).decision).toBe('block');
    expect(checkContact(noTime, [], NY, US_RULE_SET, '2026-01-14T10:00:00-05:00').decision).toBe('allow');
    expect(() => checkContact(noTime, [], NY, US_RULE_SET)).toThrow(/proposed.at/);
  });

  it('refuses times without an offset and unknown zones', () => {
    expect(() => checkContact(proposed('2026-01-14T10:00:00'), [], NY, US_RULE_SET)).toThrow(RangeError);
    expect(() => checkContact(proposed('2026-01-14T10:00:00Z'), [call('2026-01-13 10:00', 'no_answer')], NY, US_RULE_SET)).toThrow(/history\[0\]\.at/);
    expect(() => checkContact(proposed('2026-01-14T10:00:00Z'), [], { timeZones: ['Mars/Olympus'] }, US_RULE_SET)).toThrow(/unknown time zone/);
  });

  it('nextAllowedAt is null when the candidate zones never share an allowed time', () => {
    const morning: RuleSet = { ...CN_RULE_SET, id: 'AM', windows: [clientWindow('am', '08:00', '12:00', 'test')] };
    const d = checkContact(proposed('2026-06-02T09:00:00+08:00', { channel: 'sms' }), [], { timeZones: ['Asia/Shanghai', 'America/New_York'] }, morning);
    expect(d.decision).toBe('block');
    expect(d.nextAllowedAt).toBeNull();
  });

  it('nextAllowedAt combines rules: the window of a later day after a frequency block', () => {
    const d = checkContact(proposed('2026-01-13T22:00:00-05:00'), times(7, (i) => call(`2026-01-12T1${i}:00:00-05:00`, 'no_answer')), NY, US_RULE_SET);
    expect(d.reasons.map((r) => r.ruleId)).toEqual(['us.hours', 'us.calls-7-in-7']);
    expect(d.nextAllowedAt).toBe('2026-01-19T08:00:00-05:00');
  });

  it('explains flags with who set them and when, and flags implied by the history', () => {
    const d = checkContact(proposed('2026-01-14T10:00:00-05:00', { phone: 'work' }), [call('2026-01-12T10:00:00-05:00', 'cease_request', { direction: 'inbound', channel: 'letter' })],
      { ...NY, flags: [{ flag: 'do_not_call', phone: 'work', setBy: 'agent7', setAt: '2026-01-02T10:00:00-05:00', until: '2026-02-01T00:00:00-05:00' }] }, US_RULE_SET);
    expect(d.reasons.map((r) => r.message)).toEqual([
      'the consumer asked not to be called (set by agent7, since 2026-01-02T10:00:00-05:00, until 2026-02-01T00:00:00-05:00)',
      'the consumer asked the debt collector to cease communication (history entry of 2026-01-12T10:00:00-05:00)',
    ]);
    expect(d.nextAllowedAt).toBeNull();
  });

  it('handles a 1,000-entry history', () => {
    const history = times(1000, (i) => call(new Date(Date.UTC(2026, 0, 1) + i * 2 * 3600_000).toISOString(), i % 3 ? 'no_answer' : 'busy', { debtIds: [`D${i % 5}`] }));
    const d = checkContact(proposed('2026-03-20T10:00:00-04:00', { debtIds: ['D1'] }), history, NY, US_RULE_SET);
    expect(d.decision).toBe('block');
    expect(d.reasons[0].ruleId).toBe('us.calls-7-in-7');
  });
});

describe('extendRuleSet only tightens', () => {
  it('keeps the stricter third-party conditions and adds windows', () => {
    const x = extendRuleSet(US_RULE_SET, {
      id: 'LOOSE?', windows: [clientWindow('c', '09:00', '20:00', 'contract')],
      thirdParty: { ruleId: 'c.tp', minFailedDebtorAttempts: 2, purposes: ['locate', 'relay_message'], maxConversationsPerParty: 5, source: 'contract' },
      callFrequency: { maxCalls: 10, windowDays: 7, quietDays: 3, consentDays: 7, attempts: { ruleId: 'a', source: 's' }, afterConversation: { ruleId: 'b', source: 's' } },
    });
    expect(x.thirdParty).toMatchObject({ purposes: ['locate'], minFailedDebtorAttempts: 2, maxConversationsPerParty: 1 });
    expect(x.callFrequency).toMatchObject({ maxCalls: 7, quietDays: 7 });
    expect(x.windows.map((w) => w.ruleId)).toEqual(['us.hours', 'c']);
    expect(US_RULE_SET.windows).toHaveLength(1);
  });
});

describe('local time helpers', () => {
  it.each<[string, number]>([
    ['2026-03-02T09:00:00-06:00', Date.parse('2026-03-02T15:00:00Z')], ['2026-03-02T09:00:00.5+08:00', Date.parse('2026-03-02T01:00:00.500Z')],
    ['2026-03-02T09:00Z', Date.parse('2026-03-02T09:00:00Z')], ['2024-02-29T00:00:00+0530', Date.parse('2024-02-28T18:30:00Z')],
  ])('parseInstant(%s)', (s, ms) => expect(parseInstant(s)).toBe(ms));
  it.each(['2026-03-02T09:00:00', '2026-02-30T09:00:00Z', '2026-03-02 09:00:00Z', '2026-03-02T24:00:00Z', ''])('parseInstant(%s) is NaN', (s) => expect(parseInstant(s)).toBeNaN());
  it('parseClock', () => {
    expect(parseClock('08:00')).toBe(480);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('8:00')).toBeNaN();
    expect(parseClock('24:01')).toBeNaN();
  });
  it('zone clock: offsets on transition days come from the tz data', () => {
    const z = zoneClock('America/New_York');
    expect(z.offsetMs(Date.parse('2026-03-08T06:59:59Z'))).toBe(-5 * 3600_000);
    expect(z.offsetMs(Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * 3600_000);
    expect(z.format(z.instantOf(z.dayKey(Date.parse('2026-03-08T12:00:00Z')), 150))).toBe('2026-03-08T03:30:00-04:00');
  });
});
