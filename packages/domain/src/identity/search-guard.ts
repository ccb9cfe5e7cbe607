/**
 * Case search as an oracle for masked personal data (ADR 0012; OWASP ASVS 4.0 V8.3 "sensitive private
 * data", V11.1.2/V11.1.4 business-logic limits and anti-automation).
 *
 * A user who sees a debtor's name as 张** or the ID as 110101********4514 must not be able to rebuild
 * the hidden part by watching which searches still return the case. Two rules, both pure here:
 *
 * 1. {@link nameMatchFor}: a user who may not see names unmasked matches the debtor name only as the
 *    WHOLE name (exact equality); substring search (`like %q%`) is kept for users who may.
 * 2. {@link classifyGuess} + {@link budgetDecision}: a search by a full identifier (ID, card, phone:
 *    what the blind indexes match) or — for a masked user — by a whole name is a *guess*. Guesses
 *    that find no case count against a per-user budget over a rolling window; one found in the user's
 *    own scope costs nothing (the collector who pastes the number of an incoming call finds their
 *    case). Beyond the budget the search is refused (SEARCH_GUESS_LIMIT).
 */

/** How the debtor-name part of a case search matches: `substring` (like %q%) or `exact` (whole name). */
export type NameMatch = 'substring' | 'exact';

/**
 * Name matching for a user: substring only with the permission that shows names unmasked
 * (`cases.reveal`, the audited reveal — contracts roles.ts); everyone else gets exact equality.
 */
export function nameMatchFor(permissions: readonly string[]): NameMatch {
  return permissions.includes('cases.reveal') ? 'substring' : 'exact';
}

/** The search text as the search compares numbers: NFKC, no spaces, dashes, brackets or plus, upper case. */
export function searchDigits(q: string): string {
  return q.normalize('NFKC').replace(/[\s\-()+]/g, '').toUpperCase();
}

/** Only digits, `X` and `*` (with a digit): a number form (ID, card, phone, last 4, masked ID), never a name. */
export const NUMBER_LIKE = /^(?=.*\d)[\dX*]+$/;
/** A full resident ID number (15 digits, or 17 + a digit or X): looked up through its blind index. */
export const FULL_ID_NUMBER = /^\d{15}$|^\d{17}[\dX]$/;
/** A digit string the search tries as a phone and a card number through their blind indexes. */
export const PHONE_OR_CARD = /^\d{6,19}$/;

/** What a search text guesses: a full identifier, a whole name, or nothing hidden (masked forms, last 4, refs). */
/**
 * The case id of `#<id>`, the reference a list shows for a case imported without one (cases.presenter.ts),
 * else null. It finds that case within the user's scope and names no personal data: never a guess.
 */
export function shownCaseId(q: string): number | null {
  const m = /^#(\d{1,15})$/.exec(q.trim());
  return m ? Number(m[1]) : null;
}

export type GuessKind = 'identifier' | 'name';

/**
 * The kind of guess a search text `q` is, or null when it cannot confirm a hidden value: full ID,
 * card or phone numbers (the forms {@link FULL_ID_NUMBER} / {@link PHONE_OR_CARD} that the search
 * looks up by blind index) are `identifier`; a text with letters is `name` (it is matched against
 * debtor names) — it guesses only for a user whose name match is `exact`; last 4 digits, masked IDs
 * and empty text are null.
 */
export function classifyGuess(q: string | undefined, nameMatch: NameMatch): GuessKind | null {
  const t = q?.trim();
  if (!t || shownCaseId(t) !== null) return null;
  const d = searchDigits(t);
  if (FULL_ID_NUMBER.test(d) || PHONE_OR_CARD.test(d)) return 'identifier';
  if (NUMBER_LIKE.test(d)) return null;
  return nameMatch === 'exact' ? 'name' : null;
}

/** Default guesses that found no case allowed per user per window (settings `searchGuessBudget`). */
export const DEFAULT_GUESS_BUDGET = 30;
/** The rolling window of the budget: 24 hours, in milliseconds. */
export const GUESS_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether one more guess may run. `misses` = the user's guesses in the window that found no case
 * (including the one about to run, when it was charged before running), `budget` = the setting.
 * Allowed while `misses <= budget`: the budget-th miss still answers, the (budget + 1)-th is refused.
 * `retryAt` = when the oldest miss in the window leaves it (ISO), for the refusal.
 */
export function budgetDecision(misses: number, budget: number, oldestMissAt: Date | null): { allowed: true } | { allowed: false; retryAt: string | null } {
  if (misses <= budget) return { allowed: true };
  return { allowed: false, retryAt: oldestMissAt ? new Date(oldestMissAt.getTime() + GUESS_WINDOW_MS).toISOString() : null };
}
