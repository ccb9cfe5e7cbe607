/**
 * Compliance engine (issue 4): every contact is checked before it happens. Pure — no IO, time passed in.
 * `checkContact(attempt, history, debtor, ruleSet, now?) → Decision`; rule sets are data (presets CN,
 * US, UK and custom extensions); zone helpers derive the debtor's local time from address and phones.
 */
export * from './types.ts';
export * from './presets.ts';
export * from './custom.ts';
export * from './zones.ts';
export { checkContact, debtorZones, indexDebtorHistory, NEXT_ALLOWED_HORIZON_DAYS, type HistoryIndex } from './engine.ts';
export { isTimeZone, parseInstant } from './local-time.ts';
