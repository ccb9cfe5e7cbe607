import { describe, expect, it } from 'vitest';
import { budgetDecision, classifyGuess, DEFAULT_GUESS_BUDGET, GUESS_WINDOW_MS, nameMatchFor, shownCaseId } from './search-guard.ts';

describe('nameMatchFor', () => {
  it('substring only with cases.reveal (the permission that shows names unmasked)', () => {
    expect(nameMatchFor(['cases.read', 'cases.reveal'])).toBe('substring');
    expect(nameMatchFor(['cases.read', 'contacts.write'])).toBe('exact');
    expect(nameMatchFor([])).toBe('exact');
  });
});

describe('shownCaseId', () => {
  it('reads #<id> (the reference shown for a case imported without one), never a guess', () => {
    expect(shownCaseId('#12')).toBe(12);
    expect(shownCaseId(' #7 ')).toBe(7);
    expect(shownCaseId('#')).toBeNull();
    expect(shownCaseId('#1a')).toBeNull();
    expect(shownCaseId('12')).toBeNull();
    expect(classifyGuess('#12', 'exact')).toBeNull();
  });
});

describe('classifyGuess', () => {
  it.each([
    ['110101199003074514', 'exact', 'identifier'], // full 18-digit ID
    ['11010119900307451x', 'exact', 'identifier'], // lower-case check digit X
    ['110101900307451', 'exact', 'identifier'], // 15-digit ID
    ['138 0013 8000', 'exact', 'identifier'], // phone with spaces
    ['+86 138-0013-8000', 'substring', 'identifier'], // identifiers are guesses whatever the name match
    ['6222021234567890128', 'exact', 'identifier'], // card, 19 digits
    ['123456', 'exact', 'identifier'], // 6 digits: tried as a phone and card
    ['12345', 'exact', null], // too short for a blind-index lookup
    ['4514', 'exact', null], // last 4 of the masked ID (visible)
    ['110101********4514', 'exact', null], // the masked ID as shown
    ['张三丰', 'exact', 'name'], // a whole name for a masked user
    ['张三丰', 'substring', null], // a user who sees names guesses nothing
    ['WA2024030001', 'exact', 'name'], // letters: also matched against names
    ['  ', 'exact', null],
    [undefined, 'exact', null],
  ] as const)('%s (%s) → %s', (q, match, kind) => {
    expect(classifyGuess(q, match)).toBe(kind);
  });
});

describe('budgetDecision', () => {
  const oldest = new Date('2026-11-30T09:00:00.000Z');
  it('allows up to the budget and refuses budget + 1, with the time the oldest miss leaves the 24 h window', () => {
    expect(DEFAULT_GUESS_BUDGET).toBe(30);
    expect(GUESS_WINDOW_MS).toBe(86_400_000);
    expect(budgetDecision(30, 30, oldest)).toEqual({ allowed: true });
    expect(budgetDecision(31, 30, oldest)).toEqual({ allowed: false, retryAt: '2026-12-01T09:00:00.000Z' });
    expect(budgetDecision(1, 1, null)).toEqual({ allowed: true });
    expect(budgetDecision(2, 1, null)).toEqual({ allowed: false, retryAt: null });
  });
});
