/**
 * @recova/domain — the pure core (design.md §1): no database, HTTP, files, environment or clock;
 * time is always an argument. Money is integer minor units (fen), dates are `YYYY-MM-DD`.
 */
export * from './imports/cell.ts';
export * from './imports/fields.ts';
export * from './imports/types.ts';
export * from './imports/header-detect.ts';
export * from './imports/normalize-values.ts';
export * from './imports/normalize-row.ts';
export * from './money/money.ts';
export * from './identity/id-number.ts';
export * from './contact-points/phone.ts';
export * from './time/dates.ts';
export * from './aging/aging.ts';
export * from './compliance/index.ts';
export * from './identity/masks.ts';
