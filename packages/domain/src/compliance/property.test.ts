/**
 * Property: no sequence of attempts that the engine allowed — each appended to the history after being
 * allowed, with whatever outcome it then had — ever exceeds the configured caps:
 * CN ≤ 6 unanswered calls per phone per local day and ≤ 3 connected robot reminders per day;
 * US ≤ 7 counted calls per debt in any 7 consecutive local dates and no call within 7 days (dates)
 * after a telephone conversation about the debt. The checker below is independent of the engine
 * (Luxon dates, brute force). Consent (`debtor_requested_contact`) is left out on purpose: calls the
 * consumer asked for are exempt from the caps by law (§1006.14(b)(3)).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkContact } from './engine.ts';
import { CN_RULE_SET, US_RULE_SET } from './presets.ts';
import type { HistoryEntry, Outcome } from './types.ts';

/** Independent oracles: ICU (Intl) for local dates, Luxon for local noon of each generated day. */
const fmt = new Map<string, Intl.DateTimeFormat>();
const localDate = (at: string, zone: string) => {
  let f = fmt.get(zone);
  if (!f) fmt.set(zone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(at));
};
const noons = new Map<string, number>();
/**
 * Attempts are generated inside the allowed hours (08:00–21:00) so that the caps, not the windows, are
 * what is tested; no DST change happens between 08:00 and 21:00, so local noon ± minutes is exact.
 */
const localInstant = (firstDay: string, zone: string, day: number, minute: number) => {
  const k = `${firstDay} ${zone} ${day}`;
  let noon = noons.get(k);
  if (noon === undefined) noons.set(k, (noon = DateTime.fromISO(firstDay, { zone }).plus({ days: day }).set({ hour: 12 }).toMillis()));
  return new Date(noon + (minute - 720) * 60_000).toISOString();
};
const dayNo = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / 86_400_000;

describe('allowed sequences never exceed the caps', () => {
  it('CN: per phone unanswered per day, robot connected per day', () => {
    const zone = 'Asia/Shanghai';
    const attempt = fc.record({
      day: fc.integer({ min: 0, max: 1 }),
      minute: fc.integer({ min: 8 * 60, max: 22 * 60 - 1 }),
      phone: fc.constantFrom('m', 'h'),
      channel: fc.constantFrom<'call' | 'voice_robot'>('call', 'call', 'voice_robot'),
      outcome: fc.constantFrom<Outcome>('no_answer', 'busy', 'voicemail', 'not_in_service', 'failed', 'conversation', 'delivered'),
    });
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 40, maxLength: 80 }), (attempts) => {
        const history: HistoryEntry[] = [];
        for (const a of [...attempts].sort((x, y) => x.day - y.day || x.minute - y.minute)) {
          const at = localInstant('2026-06-01', zone, a.day, a.minute);
          const d = checkContact({ at, channel: a.channel, phone: a.phone, debtIds: ['D1'] }, history, { timeZones: [zone] }, CN_RULE_SET);
          if (d.decision !== 'block') history.push({ at, channel: a.channel, direction: 'outbound', outcome: a.outcome, phone: a.phone, debtIds: ['D1'], party: 'debtor' });
        }
        const unanswered = new Map<string, number>();
        const robot = new Map<string, number>();
        for (const e of history) {
          const day = localDate(e.at, zone);
          if (e.channel === 'call' && ['no_answer', 'busy', 'voicemail', 'not_in_service', 'failed'].includes(e.outcome)) unanswered.set(`${e.phone} ${day}`, (unanswered.get(`${e.phone} ${day}`) ?? 0) + 1);
          if (e.channel === 'voice_robot' && ['conversation', 'delivered'].includes(e.outcome)) robot.set(day, (robot.get(day) ?? 0) + 1);
        }
        for (const n of unanswered.values()) expect(n).toBeLessThanOrEqual(6);
        for (const n of robot.values()) expect(n).toBeLessThanOrEqual(3);
      }),
      { numRuns: 60 },
    );
  });

  it('US: 7 calls in 7 consecutive days per debt; no call within 7 days after a conversation', () => {
    const zone = 'America/New_York';
    const attempt = fc.record({
      day: fc.integer({ min: 0, max: 20 }), // from 2026-02-26: spans the 2026-03-08 DST change
      minute: fc.integer({ min: 8 * 60, max: 21 * 60 - 1 }),
      debtIds: fc.subarray(['D1', 'D2'], { minLength: 1 }),
      outcome: fc.constantFrom<Outcome>('no_answer', 'no_answer', 'no_answer', 'no_answer', 'voicemail', 'voicemail', 'busy', 'not_in_service', 'conversation'),
      direction: fc.constantFrom<'outbound' | 'inbound'>('outbound', 'outbound', 'outbound', 'inbound'),
    });
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 40, maxLength: 120 }), (attempts) => {
        const history: HistoryEntry[] = [];
        for (const a of [...attempts].sort((x, y) => x.day - y.day || x.minute - y.minute)) {
          const at = localInstant('2026-02-26', zone, a.day, a.minute);
          const e: HistoryEntry = { at, channel: 'call', direction: a.direction, outcome: a.outcome, debtIds: a.debtIds, party: 'debtor', phone: 'm' };
          if (a.direction === 'inbound') {
            history.push(e); // the consumer's own calls are not checked, only recorded
            continue;
          }
          const d = checkContact({ at, channel: 'call', debtIds: a.debtIds, phone: 'm' }, history, { timeZones: [zone] }, US_RULE_SET);
          if (d.decision !== 'block') history.push(e);
        }
        for (const debt of ['D1', 'D2']) {
          const mine = history.filter((e) => e.debtIds!.includes(debt));
          const counted = mine.filter((e) => e.direction === 'outbound' && !['busy', 'not_in_service'].includes(e.outcome)).map((e) => ({ ms: Date.parse(e.at), day: dayNo(localDate(e.at, zone)) }));
          const talks = mine.filter((e) => e.outcome === 'conversation').map((e) => ({ ms: Date.parse(e.at), day: dayNo(localDate(e.at, zone)) }));
          for (const c of counted) expect(counted.filter((o) => o.day >= c.day && o.day < c.day + 7).length).toBeLessThanOrEqual(7);
          for (const c of counted) for (const t of talks) if (t.ms < c.ms) expect(c.day - t.day >= 7).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
