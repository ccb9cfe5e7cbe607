/**
 * Builders for the compliance tests' tables (test-only; not exported from the package index).
 */
import { expect } from 'vitest';
import { checkContact } from './engine.ts';
import type { Channel, ContactAttempt, Decision, DebtorProfile, HistoryEntry, Outcome, RuleSet } from './types.ts';

/** An outbound call to the debtor about D1 on phone "m" (override anything). */
export function call(at: string, outcome: Outcome, o: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at, channel: 'call', direction: 'outbound', outcome, debtIds: ['D1'], party: 'debtor', phone: 'm', ...o };
}

/** An entry on another channel. */
export function entry(at: string, channel: Channel, outcome: Outcome, o: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at, channel, direction: 'outbound', outcome, debtIds: ['D1'], party: 'debtor', ...o };
}

/** `n` entries made by `f(i)`. */
export function times<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** A proposed collection call to the debtor about D1 on phone "m". */
export function proposed(at: string, o: Partial<ContactAttempt> = {}): ContactAttempt {
  return { at, channel: 'call', debtIds: ['D1'], party: 'debtor', phone: 'm', purpose: 'collection', disclosesDebt: false, ...o };
}

/** One row of a data-driven table. */
export interface Row {
  name: string;
  ruleSet: RuleSet;
  debtor: DebtorProfile;
  history: HistoryEntry[];
  proposed: ContactAttempt;
  decision: Decision['decision'];
  ruleIds: string[];
  /** Checked when present (null = must be null). */
  nextAllowedAt?: string | null;
}

/** Check a row: decision, rule ids in order, and `nextAllowedAt` when the row states it; every reason has a message and a source. */
export function expectRow(row: Row): Decision {
  const d = checkContact(row.proposed, row.history, row.debtor, row.ruleSet);
  const got: Record<string, unknown> = { decision: d.decision, ruleIds: d.reasons.map((r) => r.ruleId) };
  const want: Record<string, unknown> = { decision: row.decision, ruleIds: row.ruleIds };
  if (row.nextAllowedAt !== undefined) {
    got.nextAllowedAt = d.nextAllowedAt;
    want.nextAllowedAt = row.nextAllowedAt;
  }
  expect(got).toEqual(want);
  for (const r of d.reasons) expect(r.message.length > 0 && r.source.length > 0).toBe(true);
  if (d.decision !== 'block') expect(d.nextAllowedAt).toBeNull();
  return d;
}
